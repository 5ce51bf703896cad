package io.postmesh.loadgen.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SinkSessionTest {
    private final List<SinkSession.Arrival> arrivals = new ArrayList<>();
    private final SinkSession session = new SinkSession("sink.bench.test", a -> {
        arrivals.add(a);
        return arrivals.size();
    });

    private String feed(String text) {
        SinkSession.Step step = session.feed(text.getBytes(StandardCharsets.ISO_8859_1));
        return step.reply() == null ? "" : step.reply();
    }

    /** Each command in a fresh session after the given preamble; the reply's first line. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            # preamble                                  | command           | reply starts with
            ''                                          | HELO client.test  | 250 sink.bench.test
            ''                                          | EHLO client.test  | 250-sink.bench.test
            ''                                          | MAIL FROM:<a@b.test> | 250 2.1.0
            ''                                          | RCPT TO:<c@d.test>   | 503 5.5.1
            ''                                          | DATA              | 503 5.5.1
            MAIL FROM:<a@b.test>                        | MAIL FROM:<a@b.test> | 503 5.5.1
            MAIL FROM:<a@b.test>                        | RCPT TO:<c@d.test>   | 250 2.1.5
            MAIL FROM:<a@b.test>                        | DATA              | 503 5.5.1
            MAIL FROM:<a@b.test>;RCPT TO:<c@d.test>     | DATA              | 354
            MAIL FROM:<a@b.test>;RCPT TO:<c@d.test>     | RSET              | 250 2.0.0
            ''                                          | NOOP              | 250 2.0.0
            ''                                          | VRFY bob          | 252 2.0.0
            ''                                          | QUIT              | 221 2.0.0
            ''                                          | STARTTLS          | 502 5.5.2
            ''                                          | BDAT 10 LAST      | 502 5.5.2
            """)
    void commands(String preamble, String command, String expected) {
        for (String line : preamble.split(";")) {
            if (!line.isEmpty()) {
                feed(line + "\r\n");
            }
        }
        assertThat(feed(command + "\r\n")).startsWith(expected);
    }

    @Test
    void ehloAdvertisesPipeliningAndQuitCloses() {
        assertThat(feed("EHLO c.test\r\n")).contains("250-PIPELINING\r\n").endsWith("250 ENHANCEDSTATUSCODES\r\n");
        assertThat(session.feed("QUIT\r\n".getBytes()).close()).isTrue();
    }

    @Test
    void pipelinedCommandsGetTheirRepliesInOrderInOneWrite() {
        assertThat(feed("MAIL FROM:<a@b.test>\r\nRCPT TO:<c@d.test>\r\nRCPT TO:<e@d.test>\r\nDATA\r\n"))
                .isEqualTo("250 2.1.0 Ok\r\n250 2.1.5 Ok\r\n250 2.1.5 Ok\r\n354 End data with <CR><LF>.<CR><LF>\r\n");
    }

    /** RFC 5321 §4.5.2: a leading dot is removed; the line with a lone dot ends the data. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            # data as sent (escaped)                      | message as received (escaped)
            'a\\r\\n.\\r\\n'                                | 'a\\r\\n'
            '..leading dot\\r\\n.\\r\\n'                    | '.leading dot\\r\\n'
            'x\\r\\n...\\r\\n.\\r\\n'                       | 'x\\r\\n..\\r\\n'
            '.\\r\\n'                                       | ''
            'a.\\r\\n.b\\r\\n.\\r\\n'                       | 'a.\\r\\nb\\r\\n'
            """)
    void dotUnstuffingAndEndOfData(String sent, String received) {
        feed("MAIL FROM:<a@b.test>\r\nRCPT TO:<c@d.test>\r\nDATA\r\n");
        assertThat(feed(unescape(sent))).isEqualTo("250 2.0.0 Ok: queued as 1\r\n");
        assertThat(new String(arrivals.get(0).message(), StandardCharsets.ISO_8859_1)).isEqualTo(unescape(received));
    }

    @Test
    void endOfDataSplitAcrossEveryPossibleChunkBoundary() {
        String message = "Subject: s\r\n\r\n..one\r\ntwo\r\n";
        String wire = "MAIL FROM:<a@b.test>\r\nRCPT TO:<c@d.test>\r\nDATA\r\n" + message.replace("\r\n..", "\r\n...")
                + ".\r\nNOOP\r\n";
        for (int split = 1; split < wire.length(); split++) {
            arrivals.clear();
            SinkSession s = new SinkSession("sink", a -> {
                arrivals.add(a);
                return 1;
            });
            String replies = reply(s, wire.substring(0, split)) + reply(s, wire.substring(split));
            assertThat(replies).as("split at %d", split).endsWith("250 2.0.0 Ok: queued as 1\r\n250 2.0.0 Ok\r\n");
            assertThat(new String(arrivals.get(0).message(), StandardCharsets.ISO_8859_1))
                    .isEqualTo(message);
        }
    }

    @Test
    void twoMessagesOnOneConnectionCountRecipients() {
        feed("MAIL FROM:<a@b.test>\r\nRCPT TO:<c@d.test>\r\nRCPT TO:<e@d.test>\r\nDATA\r\n");
        feed("x\r\n.\r\n");
        feed("MAIL FROM:<a@b.test>\r\nRCPT TO:<c@d.test>\r\nDATA\r\n");
        assertThat(feed("y\r\n.\r\n")).isEqualTo("250 2.0.0 Ok: queued as 2\r\n");
        assertThat(arrivals).extracting(SinkSession.Arrival::recipients).containsExactly(2, 1);
    }

    @Test
    void aCommandLineLongerThan64KiBIsRefusedAndClosed() {
        SinkSession.Step step = session.feed(("NOOP " + "x".repeat(70_000)).getBytes());
        assertThat(step.reply()).startsWith("500 5.5.6");
        assertThat(step.close()).isTrue();
    }

    private static String reply(SinkSession s, String text) {
        String r = s.feed(text.getBytes(StandardCharsets.ISO_8859_1)).reply();
        return r == null ? "" : r;
    }

    private static String unescape(String s) {
        return s.replace("\\r", "\r").replace("\\n", "\n");
    }
}
