package io.postmesh.delivery.smtp.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.postmesh.model.Envelope;
import io.postmesh.model.Recipient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MessageRequirementsTest {

    @ParameterizedTest(name = "{0} / {1} / {2} / ehlo {3}")
    @CsvSource(delimiter = '|', value = {
        // sender        | recipient   | body           | server offers            | refusal
        "a@s.test        | b@d.test    | plain          | 8BITMIME SMTPUTF8        | ''",
        "a@s.test        | b@d.test    | plain          | ''                       | ''",
        "a@s.test        | b@d.test    | grüße          | ''                       | 5.6.3",
        "a@s.test        | b@d.test    | grüße          | 8BITMIME                 | ''",
        "a@s.test        | b@d.test    | grüße          | SMTPUTF8                 | 5.6.3",
        "a@s.test        | jörg@d.test | plain          | 8BITMIME                 | 5.6.7",
        "jörg@s.test     | b@d.test    | plain          | 8BITMIME                 | 5.6.7",
        "a@s.test        | jörg@d.test | grüße          | SMTPUTF8                 | ''",
        "a@s.test        | b@d.test    | plain          | SIZE=10                  | 5.3.4",
        "a@s.test        | b@d.test    | plain          | SIZE=100000              | ''",
    })
    void refusesOnlyWhatTheServerCannotTake(String sender, String recipient, String body, String offers,
                                           String refusal) {
        Envelope job = Envelope.builder().queueId("Q").reversePath(sender).build();
        byte[] message = ("Subject: t\r\n\r\n" + body + "\r\n").getBytes(StandardCharsets.UTF_8);
        MessageRequirements needs = MessageRequirements.of(job, List.of(Recipient.of(recipient)), message,
                DotStuffing.scan(message).eightBit(), message.length);
        List<String> ehlo = new ArrayList<>(List.of("250-mx.test"));
        for (String keyword : offers.split(" ")) {
            if (!keyword.isEmpty()) {
                ehlo.add("250-" + keyword.replace('=', ' '));
            }
        }
        ehlo.add("250 ENHANCEDSTATUSCODES");
        assertThat(needs.refusal(ServerCapabilities.fromEhlo(ehlo)).map(MessageRequirements.Refusal::status)
                .orElse("")).isEqualTo(refusal);
    }
}
