package io.postmesh.bounce.failed;

import static org.assertj.core.api.Assertions.assertThat;

import io.postmesh.bounce.dsn.ReportKind;
import io.postmesh.model.MailHeaders;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReportKindOfRecordTest {

    @ParameterizedTest(name = "pm-notice {0} -> {1}")
    @CsvSource(nullValues = "null", value = {"delayed, DELAYED", "null, FAILED", "other, FAILED"})
    void theNoticeHeaderSelectsADelayWarning(String notice, ReportKind expected) {
        ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>("mail.failed", 0, 0, null, new byte[0]);
        if (notice != null) {
            record.headers().add(MailHeaders.NOTICE, notice.getBytes(StandardCharsets.US_ASCII));
        }
        assertThat(FailedJobConsumer.kindOf(record)).isEqualTo(expected);
    }
}
