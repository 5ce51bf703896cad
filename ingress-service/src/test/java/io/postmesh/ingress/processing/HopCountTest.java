package io.postmesh.ingress.processing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HopCountTest {

    @ParameterizedTest(name = "{0} Received fields, limit {1}")
    @CsvSource({
        "0,   100, ",
        "100, 100, ",
        "101, 100, 554 5.4.6 Error: too many hops",
        "3,   2,   554 5.4.6 Error: too many hops",
    })
    void moreReceivedFieldsThanTheLimitIsALoop(int received, int limit, String reply) {
        StringBuilder m = new StringBuilder();
        for (int i = 0; i < received; i++) {
            m.append("Received: from hop").append(i).append(".test\r\n\tby next.test; date\r\n");
        }
        m.append("Subject: s\r\n\r\nReceived: in the body does not count\r\n");
        HeaderSection headers = HeaderSection.parse(m.toString().getBytes(StandardCharsets.UTF_8));
        assertThat(HopCount.check(headers, limit).map(Object::toString).orElse(null)).isEqualTo(reply);
    }
}
