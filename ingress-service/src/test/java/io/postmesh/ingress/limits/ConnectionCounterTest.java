package io.postmesh.ingress.limits;

import static org.assertj.core.api.Assertions.assertThat;

import io.postmesh.ingress.limits.ConnectionCounter.Verdict;
import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Scripts of opens (+ip, or *ip from a trusted network) and closes (-ip) against limits total=3, per IP=2, with
 * the verdict of each open.
 */
class ConnectionCounterTest {

    @ParameterizedTest
    @CsvSource({
        "'+1,+1,+1',          'OK,OK,TOO_MANY_FROM_IP'",
        "'+1,+1,-1,+1',       'OK,OK,OK'",
        "'+1,+2,+3,+4',       'OK,OK,OK,TOO_MANY_TOTAL'",
        "'+1,+2,+3,-2,+4',    'OK,OK,OK,OK'",
        "'+1,+1,+2,+2',       'OK,OK,OK,TOO_MANY_TOTAL'",
        "'-9,+1,+1,+1',       'OK,OK,TOO_MANY_FROM_IP'",
        // trusted networks are exempt from the per-IP limit (Postfix's $mynetworks exception), not from the total
        "'*1,*1,*1',          'OK,OK,OK'",
        "'*1,*1,*1,*1',       'OK,OK,OK,TOO_MANY_TOTAL'",
        "'*1,*1,+1',          'OK,OK,TOO_MANY_FROM_IP'"})
    void limits(String script, String expected) throws Exception {
        ConnectionCounter counter = new ConnectionCounter(3, 2);
        StringBuilder verdicts = new StringBuilder();
        for (String step : script.split(",")) {
            InetAddress ip = InetAddress.getByName("192.0.2." + step.substring(1));
            if (step.startsWith("+") || step.startsWith("*")) {
                Verdict v = counter.tryOpen(ip, step.startsWith("*"));
                verdicts.append(verdicts.length() == 0 ? "" : ",").append(v);
            } else {
                counter.close(ip);
            }
        }
        assertThat(verdicts.toString()).isEqualTo(expected);
    }
}
