package io.postmesh.delivery.shaping;

import static org.assertj.core.api.Assertions.assertThat;

import io.postmesh.model.SmtpReply;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which replies slow a whole site down (throttling) and which concern one message or mailbox only. */
class ThrottleRepliesTest {

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', value = {
            "421 4.7.0 Try again later, closing connection.                          | true",
            "421 Service not available                                               | true",
            "450 4.7.1 Client host rejected: rate limited                            | true",
            "451 4.7.500 Server busy. Please try again later                         | true",
            "421 4.7.28 Our system has detected an unusual rate of unsolicited mail  | true",
            "450 4.2.1 The user you are trying to contact is receiving mail at a rate that prevents delivery; ratelimit | true",
            "451 Too many connections from your IP                                   | true",
            "452 4.5.3 Too many recipients                                           | false",
            "452 4.2.2 Mailbox full                                                  | false",
            "451 4.3.0 Temporary local problem                                       | false",
            "450 4.1.8 Sender address rejected: Domain not found                     | false",
            "550 5.7.1 Message rejected as spam, rate limit                          | false",
            "554 5.7.1 Service unavailable; client host blocked                      | false",
            "250 2.0.0 OK                                                            | false",
    })
    void classifies(String reply, boolean throttling) {
        assertThat(ThrottleReplies.isThrottling(SmtpReply.parse(reply.strip()))).isEqualTo(throttling);
    }
}
