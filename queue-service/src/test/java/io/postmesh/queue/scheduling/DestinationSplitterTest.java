package io.postmesh.queue.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import io.postmesh.model.Envelope;
import io.postmesh.model.Recipient;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DestinationSplitterTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "a@one.test                              | one.test=a@one.test",
            "a@one.test,b@two.test                   | one.test=a@one.test;two.test=b@two.test",
            "a@one.test,b@two.test,c@one.test        | one.test=a@one.test,c@one.test;two.test=b@two.test",
            "a@One.TEST,b@one.test                   | one.test=a@One.TEST,b@one.test",
            "a@one.test,a@ONE.test                   | one.test=a@one.test",
            "a@one.test.,b@one.test                  | one.test=a@one.test.,b@one.test",
    })
    void oneJobPerDestinationInFirstSeenOrder(String recipients, String expected) {
        Envelope message = Envelope.builder().queueId("Q").reversePath("s@sender.test")
                .recipients(Arrays.stream(recipients.split(",")).map(String::strip).map(Recipient::of).toList())
                .build();

        List<Envelope> jobs = DestinationSplitter.split(message);

        String actual = String.join(";", jobs.stream()
                .map(j -> j.destination() + "=" + String.join(",", j.recipients().stream().map(Recipient::address).toList()))
                .toList());
        assertThat(actual).isEqualTo(expected.strip());
        assertThat(jobs).allSatisfy(j -> {
            assertThat(j.queueId()).isEqualTo("Q");
            assertThat(j.reversePath()).isEqualTo("s@sender.test");
        });
    }
}
