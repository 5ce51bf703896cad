package io.postmesh.queue.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.postmesh.model.Envelope;
import io.postmesh.model.QueueIds;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DeliveryKeyTest {

    @ParameterizedTest(name = "{0} shard(s)")
    @CsvSource({"0", "1"})
    void anOrdinaryDestinationIsItsOwnKey(int shards) {
        assertThat(JobRouter.deliveryKey(job("Q1", "example.test"), shards)).isEqualTo("example.test");
    }

    @Test
    void aLargeDestinationSpreadsOverItsShardsAndOneMessageKeepsOneKey() {
        Set<String> keys = new HashSet<>();
        IntStream.range(0, 400).forEach(i -> keys.add(JobRouter.deliveryKey(job(QueueIds.next(), "big.test"), 8)));
        assertThat(keys).hasSize(8).allMatch(k -> k.matches("big\\.test#[0-7]"));
        Envelope one = job("01M81XSW11FVZP5660ZS", "big.test");
        assertThat(JobRouter.deliveryKey(one.withAttempt(3), 8)).isEqualTo(JobRouter.deliveryKey(one, 8));
    }

    private static Envelope job(String queueId, String destination) {
        return Envelope.builder().queueId(queueId).destination(destination).build();
    }
}
