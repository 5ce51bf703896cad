package io.postmesh.queue.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.postmesh.model.MailEvent.EventType;
import io.postmesh.queue.control.InvalidRequest;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Hour bucket math and validation of report requests. */
class ReportQueryTest {
    private static final Duration MAX = Duration.ofDays(35);

    @ParameterizedTest(name = "{0} .. {1} → {2} buckets, first {3}, last {4}")
    @CsvSource({
            "2025-03-10T10:00:00Z, 2025-03-10T11:00:00Z, 1, 2025031010, 2025031010",
            "2025-03-10T10:30:00Z, 2025-03-10T10:40:00Z, 1, 2025031010, 2025031010",
            "2025-03-10T10:30:00Z, 2025-03-10T12:00:01Z, 3, 2025031010, 2025031012",
            "2025-03-10T23:59:59Z, 2025-03-11T00:00:01Z, 2, 2025031023, 2025031100",
            "2025-03-10T12:30:00+02:00, 2025-03-10T13:00:00+02:00, 1, 2025031010, 2025031010",
            "2025-03-01T00:00:00Z, 2025-04-05T00:00:00Z, 840, 2025030100, 2025040423",
    })
    void coversEveryOverlappingHour(String from, String to, int count, String first, String last) {
        ReportQuery q = ReportQuery.parse("acme", "spring", from, to, MAX);
        assertThat(q.bucketKeys()).hasSize(count);
        assertThat(q.bucketKeys().get(0)).isEqualTo("pm:report:acme:spring:" + first);
        assertThat(q.bucketKeys().get(count - 1)).isEqualTo("pm:report:acme:spring:" + last);
    }

    @ParameterizedTest(name = "tenant={0} campaign={1} from={2} to={3} → {4}")
    @CsvSource(nullValues = "null", quoteCharacter = '"', value = {
            "null, spring, 2025-03-10T10:00:00Z, 2025-03-10T11:00:00Z, 'tenant' is required",
            "\"\", spring, 2025-03-10T10:00:00Z, 2025-03-10T11:00:00Z, 'tenant' is required",
            "a:b, spring, 2025-03-10T10:00:00Z, 2025-03-10T11:00:00Z, 'tenant' must be",
            "acme, sp ring, 2025-03-10T10:00:00Z, 2025-03-10T11:00:00Z, 'campaign' must be",
            "acme, spring, null, 2025-03-10T11:00:00Z, 'from' is required",
            "acme, spring, 2025-03-10T10:00:00Z, null, 'to' is required",
            "acme, spring, yesterday, 2025-03-10T11:00:00Z, 'from' is not an ISO-8601",
            "acme, spring, 2025-03-10T10:00:00, 2025-03-10T11:00:00Z, 'from' is not an ISO-8601",
            "acme, spring, 2025-03-10T11:00:00Z, 2025-03-10T11:00:00Z, 'to' must be after 'from'",
            "acme, spring, 2025-03-10T12:00:00Z, 2025-03-10T11:00:00Z, 'to' must be after 'from'",
            "acme, spring, 2025-03-01T00:00:00Z, 2025-04-05T00:00:01Z, at most 35 days",
    })
    void refusesBadParameters(String tenant, String campaign, String from, String to, String message) {
        assertThatThrownBy(() -> ReportQuery.parse(tenant, campaign, from, to, MAX))
                .isInstanceOf(InvalidRequest.class)
                .hasMessageContaining(message)
                .satisfies(e -> assertThat(((InvalidRequest) e).status()).isEqualTo(400));
    }

    @ParameterizedTest(name = "campaign {0} → {1}")
    @CsvSource(nullValues = "null", value = {"null, -", "'', -", "spring, spring"})
    void mailWithoutCampaignHasItsOwnBucket(String campaign, String part) {
        assertThat(ReportBuckets.key("acme", campaign, Instant.parse("2025-03-10T10:59:59Z")))
                .isEqualTo("pm:report:acme:" + part + ":2025031010");
    }

    @ParameterizedTest(name = "{0} counts as {1}")
    @CsvSource(nullValues = "null", value = {"DELIVERED, delivered", "DEFERRED, deferred", "BOUNCED, bounced",
            "SUPPRESSED, suppressed", "EXPIRED, expired", "ACCEPTED, null", "HELD, null", "PURGED, null"})
    void countsOutcomesPerRecipient(EventType type, String field) {
        assertThat(ReportBuckets.field(type)).isEqualTo(field);
    }
}
