package io.postmesh.queue.suppression;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SuppressionEntryTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "null", value = {
            "{\"reason\":\"hard bounce 5.1.1\",\"at\":\"2026-11-01T00:00:00Z\"}                                   | hard bounce 5.1.1",
            "{\"reason\":\"complaint\",\"expiresAt\":\"2026-12-01T00:00:00Z\"}                                     | complaint",
            "{\"reason\":\"soft bounces\",\"expiresAt\":\"2026-11-22T00:00:00Z\"}                                  | null",
            "{\"at\":\"2026-11-01T00:00:00Z\"}                                                                    | suppressed",
            "not json                                                                                             | suppressed",
    })
    void anEntrySuppressesUntilItExpires(String entry, String reason) {
        assertThat(RedisSuppressionList.activeReason(entry.strip(), Instant.parse("2026-11-22T12:00:00Z")))
                .isEqualTo(reason);
    }
}
