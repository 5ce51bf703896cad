package io.postmesh.queue.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A poll's records (partition:key@offset) → groups applied in order (one per queue id). */
class EventGroupsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            0:A@1 0:B@2 0:A@3 1:C@7 0:B@4 | A@1 A@3 ; B@2 B@4 ; C@7
            0:A@1                         | A@1
            0:-@5 1:-@6 0:-@7 0:A@8       | -@5 -@7 ; -@6 ; A@8
            """)
    void groupsByQueueIdInRecordOrder(String batch, String expected) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (String r : batch.split(" ")) {
            int partition = Integer.parseInt(r.substring(0, r.indexOf(':')));
            String key = r.substring(r.indexOf(':') + 1, r.indexOf('@'));
            long offset = Long.parseLong(r.substring(r.indexOf('@') + 1));
            records.add(new ConsumerRecord<>("mail.events", partition, offset,
                    key.equals("-") ? null : key.getBytes(StandardCharsets.UTF_8), new byte[0]));
        }
        Map<String, List<ConsumerRecord<byte[], byte[]>>> groups = EventTracker.byQueueId(records);
        List<String> rendered = groups.values().stream().map(g -> String.join(" ", g.stream()
                .map(r -> (r.key() == null ? "-" : new String(r.key(), StandardCharsets.UTF_8)) + "@" + r.offset())
                .toList())).toList();
        assertThat(String.join(" ; ", rendered)).isEqualTo(expected);
    }
}
