package io.postmesh.ingress.handoff;

import static org.assertj.core.api.Assertions.assertThat;

import io.postmesh.model.Envelope;
import io.postmesh.model.Recipient;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BounceRoutingTest {

    /** Recipients separated by spaces; the result as {@code topic=rcpt+rcpt} per route, routes separated by ';'. */
    @ParameterizedTest(name = "[{0}] {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
        "bounces.test   | bob@example.test                        | mail.inbound=bob@example.test",
        "bounces.test   | b-x-y@bounces.test                      | mail.bounces.inbound=b-x-y@bounces.test",
        "bounces.test   | b-x-y@BOUNCES.test. a@bounces.test      | mail.bounces.inbound=b-x-y@BOUNCES.test.+a@bounces.test",
        "BOUNCES.test   | b-x-y@bounces.test                      | mail.bounces.inbound=b-x-y@bounces.test",
        "bounces.test   | b@sub.bounces.test                      | mail.inbound=b@sub.bounces.test",
        "bounces.test   | bob@example.test b-x-y@bounces.test     | mail.inbound=bob@example.test;mail.bounces.inbound=b-x-y@bounces.test",
        "b\u00fccher.test | b@xn--bcher-kva.test                  | mail.bounces.inbound=b@xn--bcher-kva.test",
        "''             | b-x-y@bounces.test                      | mail.inbound=b-x-y@bounces.test",
        "' '            | b-x-y@bounces.test                      | mail.inbound=b-x-y@bounces.test"})
    void routesByRecipientDomain(String bounceDomain, String recipients, String expected) {
        Envelope envelope = Envelope.builder().queueId("Q1").reversePath("")
                .recipients(Arrays.stream(recipients.split(" ")).map(Recipient::of).toList()).build();

        List<BounceRouting.Route> routes = new BounceRouting(Optional.of(bounceDomain)).routes(envelope);

        assertThat(routes.stream().map(r -> r.topic() + "=" + r.envelope().recipients().stream()
                .map(Recipient::address).collect(Collectors.joining("+"))).collect(Collectors.joining(";")))
                .isEqualTo(expected);
        assertThat(routes).allSatisfy(r -> assertThat(r.envelope().queueId()).isEqualTo("Q1"));
    }
}
