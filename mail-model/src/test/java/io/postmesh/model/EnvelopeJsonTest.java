package io.postmesh.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EnvelopeJsonTest {

    @Test
    void envelopeRoundTripsThroughJsonWithDsnParameters() {
        Envelope envelope = Envelope.builder()
                .queueId(QueueIds.next())
                .messageId("<m1@client.test>")
                .reversePath("alice@sender.test")
                .recipients(List.of(
                        new Recipient("bob@example.test", Set.of(Recipient.Notify.FAILURE, Recipient.Notify.DELAY),
                                "rfc822;bob@example.test"),
                        Recipient.of("carol@example.test")))
                .tenant("acme")
                .firstSeen(Instant.parse("2026-11-22T10:00:00Z"))
                .ret(Envelope.Ret.HDRS)
                .envId("env-1")
                .size(1234)
                .build();

        Envelope back = Json.envelope(Json.write(envelope));

        assertThat(back).isEqualTo(envelope);
        assertThat(back.recipients().get(0).notifyOn()).containsExactlyInAnyOrder(Recipient.Notify.FAILURE,
                Recipient.Notify.DELAY);
        assertThat(back.recipients().get(1).wantsFailureNotice()).isTrue();
    }

    @Test
    void readersIgnoreFieldsAddedByNewerWriters() {
        String json = "{\"version\":2,\"queueId\":\"Q1\",\"reversePath\":\"\",\"recipients\":[],"
                + "\"somethingNew\":{\"x\":1}}";
        Envelope back = Json.envelope(json.getBytes(StandardCharsets.UTF_8));
        assertThat(back.queueId()).isEqualTo("Q1");
        assertThat(back.nullReversePath()).isTrue();
        assertThat(back.tenant()).isEqualTo(Envelope.DEFAULT_TENANT);
    }

    @Test
    void eventTypesAddedLaterReadAsNullNotAsAnError() {
        String json = "{\"version\":1,\"type\":\"SOMETHING_NEW\",\"queueId\":\"Q1\"}";
        MailEvent event = Json.event(json.getBytes(StandardCharsets.UTF_8));
        assertThat(event.type()).isNull();
        assertThat(event.queueId()).isEqualTo("Q1");
    }

    @Test
    void laneDefaultsToBulkAndCampaignTravelsToEvents() {
        Envelope plain = Envelope.builder().queueId("Q").build();
        assertThat(plain.lane()).isEqualTo(Envelope.LANE_BULK);
        assertThat(plain.transactional()).isFalse();
        Envelope tagged = plain.withCampaignAndLane("spring-sale", Envelope.LANE_TRANSACTIONAL);
        assertThat(tagged.transactional()).isTrue();
        assertThat(Json.envelope(Json.write(tagged))).isEqualTo(tagged);
        MailEvent event = MailEvent.ofOutcome(MailEvent.EventType.DELIVERED, tagged,
                new RecipientOutcome("a@b.test", RecipientOutcome.Result.SUCCESS, "2.0.0", "250 ok", "mx.b.test",
                        Instant.now()), "t");
        assertThat(event.campaign()).isEqualTo("spring-sale");
    }

    @Test
    void forDestinationKeepsIdentityAndNarrowsRecipients() {
        Envelope envelope = Envelope.builder().queueId("Q").reversePath("a@s.test")
                .recipients(List.of(Recipient.of("x@one.test"), Recipient.of("y@two.test"))).build();
        Envelope job = envelope.forDestination("two.test", List.of(Recipient.of("y@two.test")));
        assertThat(job.queueId()).isEqualTo("Q");
        assertThat(job.destination()).isEqualTo("two.test");
        assertThat(job.recipients()).extracting(Recipient::address).containsExactly("y@two.test");
    }

    @Test
    void domainIsLowerCasedWithoutTrailingDot() {
        assertThat(Recipient.of("Bob@Example.TEST.").domain()).isEqualTo("example.test");
        assertThat(Addresses.domainOf("postmaster")).isEmpty();
    }

    @Test
    void queueIdsSortByTimeAndAreUnique() {
        assertThat(QueueIds.format(1000, 1)).isLessThan(QueueIds.format(2000, 0));
        assertThat(QueueIds.next()).hasSize(20).isNotEqualTo(QueueIds.next());
    }
}
