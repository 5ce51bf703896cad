package io.postmesh.testing.smtp;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Drives {@link SmtpPeer} with a raw socket so every byte on the wire is the test's own. */
class SmtpPeerTest {
    private SmtpPeer peer;

    @BeforeEach
    void start() {
        peer = SmtpPeer.start("127.0.0.2", 0);
    }

    @AfterEach
    void stop() {
        peer.close();
    }

    @Test
    void acceptsAndRecordsAMessage() throws IOException {
        try (RawSmtpClient client = new RawSmtpClient(peer)) {
            assertThat(client.reply()).startsWith("220 ");
            String ehlo = client.command("EHLO client.test");
            assertThat(ehlo.lines()).first().asString().startsWith("250-");
            assertThat(ehlo).contains("250-PIPELINING", "250-8BITMIME", "250-SIZE 26214400",
                    "250-ENHANCEDSTATUSCODES", "250 SMTPUTF8");
            assertThat(client.command("MAIL FROM:<alice@origin.test> SIZE=120 BODY=8BITMIME")).isEqualTo("250 2.1.0 Sender OK");
            assertThat(client.command("RCPT TO:<bob@example.test>")).startsWith("250 2.1.5");
            assertThat(client.command("RCPT TO: <carol@example.test> NOTIFY=NEVER")).startsWith("250 2.1.5");
            assertThat(client.command("DATA")).startsWith("354 ");
            assertThat(client.command("Subject: hi\r\n\r\nbody\r\n.")).startsWith("250 2.0.0");
            assertThat(client.command("QUIT")).startsWith("221 2.0.0");
        }

        ReceivedMessage message = peer.awaitMessages(1, Duration.ofSeconds(5)).get(0);
        assertThat(message.heloName()).isEqualTo("client.test");
        assertThat(message.reversePath()).isEqualTo("alice@origin.test");
        assertThat(message.recipients()).containsExactly("bob@example.test", "carol@example.test");
        assertThat(message.dataAsString()).isEqualTo("Subject: hi\r\n\r\nbody\r\n");
        assertThat(peer.connections()).isEqualTo(1);
        assertThat(peer.address()).isEqualTo("127.0.0.2");
        assertThat(peer.transcript()).containsExactly("EHLO client.test",
                "MAIL FROM:<alice@origin.test> SIZE=120 BODY=8BITMIME", "RCPT TO:<bob@example.test>",
                "RCPT TO: <carol@example.test> NOTIFY=NEVER", "DATA", "QUIT");
    }

    @Test
    void answersPipelinedCommandsInOrder() throws IOException {
        try (RawSmtpClient client = new RawSmtpClient(peer)) {
            client.reply();
            client.command("EHLO client.test");
            client.write("MAIL FROM:<>", "RCPT TO:<a@example.test>", "RCPT TO:<b@example.test>", "DATA");
            assertThat(List.of(client.reply(), client.reply(), client.reply(), client.reply()))
                    .extracting(reply -> reply.substring(0, 3)).containsExactly("250", "250", "250", "354");
            client.write("one line", ".", "QUIT");
            assertThat(client.reply()).startsWith("250 ");
            assertThat(client.reply()).startsWith("221 ");
        }

        ReceivedMessage message = peer.awaitMessages(1, Duration.ofSeconds(5)).get(0);
        assertThat(message.reversePath()).isEmpty();
        assertThat(message.recipients()).containsExactly("a@example.test", "b@example.test");
        assertThat(message.dataAsString()).isEqualTo("one line\r\n");
    }

    @Test
    void rejectsConfiguredRecipientCaseInsensitively() throws IOException {
        peer.rejectRecipient("Nobody@Example.test", "550 5.1.1 no such user");
        try (RawSmtpClient client = new RawSmtpClient(peer)) {
            client.reply();
            client.command("EHLO client.test");
            client.command("MAIL FROM:<alice@origin.test>");
            assertThat(client.command("RCPT TO:<nobody@example.TEST>")).isEqualTo("550 5.1.1 no such user");
            assertThat(client.command("DATA")).isEqualTo("554 5.5.1 No valid recipients");
            assertThat(client.command("RCPT TO:<bob@example.test>")).startsWith("250 ");
            client.command("DATA");
            assertThat(client.command("x\r\n.")).startsWith("250 ");
        }

        assertThat(peer.awaitMessages(1, Duration.ofSeconds(5)).get(0).recipients()).containsExactly("bob@example.test");
    }

    @Test
    void stageOverrideRefusesMessageUntilRestored() throws IOException {
        peer.replyTo(Stage.END_OF_DATA, "451 4.3.0 try later");
        try (RawSmtpClient client = new RawSmtpClient(peer)) {
            client.reply();
            client.command("EHLO client.test");
            assertThat(sendMessage(client, "first")).isEqualTo("451 4.3.0 try later");
            assertThat(client.command("RSET")).isEqualTo("250 2.0.0 OK");

            peer.replyTo(Stage.END_OF_DATA, null);
            assertThat(sendMessage(client, "second")).startsWith("250 ");
        }

        assertThat(peer.awaitMessages(1, Duration.ofSeconds(5))).singleElement()
                .satisfies(m -> assertThat(m.dataAsString()).isEqualTo("second\r\n"));
        assertThat(peer.transcript()).contains("RSET");
    }

    @Test
    void greetingOf421ClosesTheConnection() throws IOException {
        peer.replyTo(Stage.GREETING, "421 4.3.2 busy");
        try (RawSmtpClient client = new RawSmtpClient(peer)) {
            assertThat(client.reply()).isEqualTo("421 4.3.2 busy");
            assertThat(closedByPeer(client)).isTrue();
        }
        assertThat(peer.connections()).isEqualTo(1);
    }

    @Test
    void mailAndRcptOverridesApply() throws IOException {
        peer.replyTo(Stage.MAIL, "452 4.3.1 insufficient storage");
        try (RawSmtpClient client = new RawSmtpClient(peer)) {
            client.reply();
            client.command("EHLO client.test");
            assertThat(client.command("MAIL FROM:<a@origin.test>")).isEqualTo("452 4.3.1 insufficient storage");
            assertThat(client.command("RCPT TO:<b@example.test>")).startsWith("503 5.5.1");
            peer.replyTo(Stage.MAIL, null).replyTo(Stage.RCPT, "450 4.2.0 greylisted");
            assertThat(client.command("MAIL FROM:<a@origin.test>")).startsWith("250 ");
            assertThat(client.command("RCPT TO:<b@example.test>")).isEqualTo("450 4.2.0 greylisted");
        }
    }

    @Test
    void heloOnlyPeerRefusesEhlo() throws IOException {
        peer.withoutEsmtp();
        try (RawSmtpClient client = new RawSmtpClient(peer)) {
            client.reply();
            assertThat(client.command("EHLO client.test")).startsWith("502 5.5.1");
            assertThat(client.command("MAIL FROM:<a@origin.test>")).startsWith("503 5.5.1");
            assertThat(client.command("HELO old.test")).isEqualTo("250 [127.0.0.2]");
            assertThat(sendMessage(client, "plain")).startsWith("250 ");
        }

        assertThat(peer.awaitMessages(1, Duration.ofSeconds(5)).get(0).heloName()).isEqualTo("old.test");
    }

    @Test
    void withoutPipeliningIsNotAdvertised() throws IOException {
        peer.withoutPipelining();
        try (RawSmtpClient client = new RawSmtpClient(peer)) {
            client.reply();
            assertThat(client.command("EHLO client.test")).doesNotContain("PIPELINING").contains("250 SMTPUTF8");
        }
    }

    @Test
    void removesDotStuffingAndEndsOnlyAtCrlfDotCrlf() throws IOException {
        try (RawSmtpClient client = new RawSmtpClient(peer)) {
            client.reply();
            client.command("EHLO client.test");
            client.command("MAIL FROM:<a@origin.test>");
            client.command("RCPT TO:<b@example.test>");
            client.command("DATA");
            // A bare LF before a dot is not a line end (RFC 5321 §4.1.1.4), so it must not end the data.
            client.writeRaw("..starts with a dot\r\nbare\n.\nlf\r\n...\r\n.");
            client.writeRaw("\r\n");
            assertThat(client.reply()).startsWith("250 ");
        }

        assertThat(peer.awaitMessages(1, Duration.ofSeconds(5)).get(0).dataAsString())
                .isEqualTo(".starts with a dot\r\nbare\n.\nlf\r\n..\r\n");
    }

    @Test
    void dropsTheConnectionDuringData() throws IOException {
        peer.dropConnectionDuringData(true);
        try (RawSmtpClient client = new RawSmtpClient(peer)) {
            client.reply();
            client.command("EHLO client.test");
            client.command("MAIL FROM:<a@origin.test>");
            client.command("RCPT TO:<b@example.test>");
            assertThat(client.command("DATA")).startsWith("354 ");
            client.write("Subject: cut short");
            assertThat(closedByPeer(client)).isTrue();
        }
        assertThat(peer.messages()).isEmpty();
    }

    @Test
    void awaitMessagesWakesOnArrivalAndFailsWithWhatItHas() throws Exception {
        assertThatThrownBy(() -> peer.awaitMessages(1, Duration.ofMillis(100)))
                .isInstanceOf(AssertionError.class).hasMessageContaining("accepted 0");

        CompletableFuture<List<ReceivedMessage>> waiting =
                CompletableFuture.supplyAsync(() -> peer.awaitMessages(2, Duration.ofSeconds(10)));
        for (String body : List.of("one", "two")) {
            try (RawSmtpClient client = new RawSmtpClient(peer)) {
                client.reply();
                client.command("EHLO client.test");
                sendMessage(client, body);
            }
        }

        assertThat(waiting.get()).extracting(ReceivedMessage::dataAsString).containsExactly("one\r\n", "two\r\n");
        assertThat(peer.connections()).isEqualTo(2);
    }

    @Test
    void closedPeerRefusesConnections() {
        int port = peer.port();
        peer.close();

        assertThatThrownBy(() -> new Socket("127.0.0.2", port).close()).isInstanceOf(ConnectException.class);
    }

    private static String sendMessage(RawSmtpClient client, String body) throws IOException {
        client.command("MAIL FROM:<a@origin.test>");
        client.command("RCPT TO:<b@example.test>");
        client.command("DATA");
        return client.command(body + "\r\n.");
    }

    private static boolean closedByPeer(RawSmtpClient client) {
        try {
            return client.reply() == null;
        } catch (SocketException reset) {
            return true;
        } catch (IOException other) {
            return false;
        }
    }
}
