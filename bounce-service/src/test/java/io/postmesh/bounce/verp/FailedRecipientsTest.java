package io.postmesh.bounce.verp;

import static org.assertj.core.api.Assertions.assertThat;

import io.postmesh.bounce.classify.ClassifiedBounce;
import io.postmesh.model.VerpEntry;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which recipients of a VERP job an asynchronous bounce counts for, and with what verdict. */
class FailedRecipientsTest {

    /** Groups are {@code action:recipient:status}, separated by spaces; the result {@code rcpt=status/hardsoft}. */
    @ParameterizedTest(name = "job {0}, bounce {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
        // the failed job recipient, exactly
        "bob@ok.test            | failed:bob@ok.test:5.1.1                      | bob@ok.test=5.1.1/hard",
        "bob@ok.test carol@ok.test | failed:carol@ok.test:5.1.1                 | carol@ok.test=5.1.1/hard",
        "bob@ok.test            | failed:BOB@OK.TEST:5.2.2                      | bob@ok.test=5.2.2/soft",
        // delay warnings are not bounces
        "bob@ok.test            | delayed:bob@ok.test:4.4.1                     | ''",
        "bob@ok.test carol@ok.test | delayed:bob@ok.test:4.4.1 failed:carol@ok.test:5.1.1 | carol@ok.test=5.1.1/hard",
        // an expiry after retries is Action: failed with a 4.x.x status: final all the same
        "bob@ok.test            | failed:bob@ok.test:4.4.7                      | bob@ok.test=4.4.7/soft",
        // names none of the job's (a forwarded address): counts for the job's recipients
        "bob@ok.test            | failed:bob@forward.test:5.1.1                 | bob@ok.test=5.1.1/hard",
        // a delay warning about someone else is nothing
        "bob@ok.test            | delayed:bob@forward.test:4.4.1                | ''",
        // a recipient the bounce names that was not in the job is not ours
        "bob@ok.test carol@ok.test | failed:bob@ok.test:5.1.1 failed:eve@ok.test:5.1.1 | bob@ok.test=5.1.1/hard"})
    void attribution(String jobRecipients, String groups, String expected) {
        VerpEntry job = new VerpEntry(VerpEntry.VERSION, "Q1", "acme", List.of(jobRecipients.split(" ")),
                "alice@src.test", null, null, 1, null);
        byte[] raw = Dsns.report(groups.split(" ")).getBytes(StandardCharsets.US_ASCII);

        Map<String, ClassifiedBounce> result = AsyncBounceHandler.failedRecipients(raw, job);

        assertThat(result.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue().status() + "/"
                + e.getValue().hardSoft()).collect(Collectors.joining(" "))).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"'From: a@b.test\r\n\r\nhello\r\n'", "''"})
    void aMessageThatIsNoBounceCountsForNobody(String raw) {
        VerpEntry job = new VerpEntry(VerpEntry.VERSION, "Q1", "acme", List.of("bob@ok.test"), "a@src.test",
                null, null, 1, null);
        assertThat(AsyncBounceHandler.failedRecipients(raw.getBytes(StandardCharsets.US_ASCII), job)).isEmpty();
    }
}
