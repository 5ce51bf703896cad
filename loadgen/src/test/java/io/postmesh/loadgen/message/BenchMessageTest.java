package io.postmesh.loadgen.message;

import static org.assertj.core.api.Assertions.assertThat;

import io.postmesh.loadgen.message.BenchMessageCheck.Integrity;
import io.postmesh.loadgen.message.BenchMessageFactory.BenchMessage;
import java.nio.charset.StandardCharsets;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BenchMessageTest {
    private final BenchMessageFactory factory = new BenchMessageFactory("sender@bench.test", "rcpt@bench.test");

    @ParameterizedTest
    @CsvSource({"300", "1024", "5120", "102400", "1048576"})
    void messagesHaveAboutTheRequestedSizeAndCheckIntact(int size) {
        BenchMessage m = factory.create("ab12cd34-7", size, 1_732_300_000_123_456L);
        byte[] bytes = m.toBytes();
        assertThat(bytes.length).isBetween(size - 200, size + 200);
        String text = new String(bytes, StandardCharsets.US_ASCII);
        assertThat(text).contains("X-Postmesh-Bench-Id: ab12cd34-7\r\n", "X-Postmesh-Bench-Sent: 1732300000123456\r\n")
                .endsWith("\r\n").doesNotContain("\r\n.").doesNotContain("\r\r").doesNotContainPattern("[^\r]\n");
        BenchMessageCheck.Result result = BenchMessageCheck.check(bytes);
        assertThat(result.integrity()).isEqualTo(Integrity.INTACT);
        assertThat(result.id()).isEqualTo("ab12cd34-7");
        assertThat(result.sentMicros()).isEqualTo(1_732_300_000_123_456L);
    }

    @Test
    void theFillerIsSharedPerSize() {
        assertThat(factory.create("a-1", 5120, 1).filler()).isSameAs(factory.create("a-2", 5120, 2).filler());
    }

    /** What a relay may do (add header fields) keeps the message intact; what it must not do is caught. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            # change                  | integrity
            none                      | INTACT
            prepend Received          | INTACT
            fold a header             | INTACT
            flip a body byte          | CORRUPT
            truncate the body         | CORRUPT
            append a body line        | CORRUPT
            drop the checksum header  | CORRUPT
            swap the body id          | CORRUPT
            drop the bench id         | NOT_BENCH
            no header end             | NOT_BENCH
            """)
    void integrity(String change, Integrity expected) {
        byte[] sent = factory.create("run1-42", 5120, 1_000_000).toBytes();
        byte[] received = mutation(change).apply(sent);
        assertThat(BenchMessageCheck.check(received).integrity()).isEqualTo(expected);
    }

    private UnaryOperator<byte[]> mutation(String change) {
        return switch (change) {
            case "none" -> b -> b;
            case "prepend Received" -> b -> concat("Received: from loadgen.bench.test by mx.test;\r\n\tSun, 22 Nov"
                    + " 2026 17:00:00 +0000\r\n", b);
            case "fold a header" -> b -> replace(b, "Subject: postmesh bench run1-42", "Subject: postmesh\r\n bench run1-42");
            case "flip a body byte" -> b -> {
                byte[] c = b.clone();
                c[c.length - 10] ^= 1;
                return c;
            };
            case "truncate the body" -> b -> java.util.Arrays.copyOf(b, b.length - 80);
            case "append a body line" -> b -> concat(new String(b, StandardCharsets.US_ASCII), "extra\r\n".getBytes());
            case "drop the checksum header" -> b -> replace(b, "X-Postmesh-Bench-Sum", "X-Other");
            case "swap the body id" -> b -> replace(b, "postmesh-bench-body run1-42", "postmesh-bench-body run1-43");
            case "drop the bench id" -> b -> replace(b, "X-Postmesh-Bench-Id", "X-Other-Id");
            case "no header end" -> b -> "Subject: x\r\nX-Postmesh-Bench-Id: a\r\n".getBytes();
            default -> throw new IllegalArgumentException(change);
        };
    }

    private static byte[] concat(String head, byte[] b) {
        byte[] h = head.getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[h.length + b.length];
        System.arraycopy(h, 0, out, 0, h.length);
        System.arraycopy(b, 0, out, h.length, b.length);
        return out;
    }

    private static byte[] replace(byte[] b, String from, String to) {
        return new String(b, StandardCharsets.ISO_8859_1).replace(from, to).getBytes(StandardCharsets.ISO_8859_1);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            # header section (escaped)                          | name                  | value
            'From: a\\r\\nX-Postmesh-Bench-Id: r-1\\r\\n'           | X-Postmesh-Bench-Id   | r-1
            'x-postmesh-bench-id:   r-2  \\r\\n'                  | X-Postmesh-Bench-Id   | r-2
            'Subject: a\\r\\n b\\r\\n\\tc\\r\\nTo: d\\r\\n'          | Subject               | a b\\tc
            'X-Postmesh-Bench-Idx: no\\r\\n'                      | X-Postmesh-Bench-Id   |
            """)
    void headerFields(String head, String name, String value) {
        String unescaped = head.replace("\\r", "\r").replace("\\n", "\n").replace("\\t", "\t");
        String expected = value == null ? null : value.replace("\\t", "\t");
        assertThat(BenchMessageCheck.field(unescaped, name)).isEqualTo(expected);
    }
}
