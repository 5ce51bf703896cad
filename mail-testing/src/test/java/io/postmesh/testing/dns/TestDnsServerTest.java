package io.postmesh.testing.dns;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

import java.net.InetAddress;
import java.io.IOException;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/** Drives {@link TestDnsServer} with dnsjava, the client the delivery service's resolver uses. */
class TestDnsServerTest {
    private static TestDnsServer server;

    @BeforeAll
    static void start() {
        server = TestDnsServer.start(new Zones()
                .mx("example.test", 20, "mx2.example.test")
                .mx("example.test", 10, "mx1.example.test")
                .a("mx1.example.test", "127.0.0.2")
                .aaaa("mx1.example.test", "::1")
                .nullMx("nomail.test")
                .txt("example.test", "v=spf1 -all")
                .servfail("broken.test"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void answersMxRecordsWithTheirPreferencesAuthoritatively() throws Exception {
        Message response = query("example.test.", Type.MX, false);

        assertThat(response.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(response.getHeader().getFlag(Flags.AA)).isTrue();
        assertThat(response.getQuestion().getName()).isEqualTo(Name.fromString("example.test."));
        assertThat(records(response)).map(r -> (MXRecord) r)
                .extracting(MXRecord::getPriority, r -> r.getTarget().toString())
                .containsExactlyInAnyOrder(tuple(10, "mx1.example.test."), tuple(20, "mx2.example.test."));
        assertThat(records(response)).allSatisfy(r -> assertThat(r.getTTL()).isEqualTo(60));
    }

    @Test
    void answersAAndAaaaRecords() throws Exception {
        assertThat(records(query("mx1.example.test.", Type.A, false)))
                .map(r -> ((ARecord) r).getAddress()).containsExactly(InetAddress.getByName("127.0.0.2"));
        assertThat(records(query("mx1.example.test.", Type.AAAA, false)))
                .map(r -> ((AAAARecord) r).getAddress()).containsExactly(InetAddress.getByName("::1"));
    }

    @Test
    void namesAreCaseInsensitive() throws Exception {
        assertThat(records(query("MX1.Example.TEST.", Type.A, false))).hasSize(1);
    }

    @Test
    void answersTheNullMxOfRfc7505() throws Exception {
        List<Record> answer = records(query("nomail.test.", Type.MX, false));

        assertThat(answer).singleElement().satisfies(r -> {
            assertThat(((MXRecord) r).getPriority()).isZero();
            assertThat(((MXRecord) r).getTarget()).isEqualTo(Name.root);
        });
    }

    @Test
    void unknownNameIsAnAuthoritativeNxdomain() throws Exception {
        Message response = query("nowhere.test.", Type.MX, false);

        assertThat(response.getRcode()).isEqualTo(Rcode.NXDOMAIN);
        assertThat(response.getHeader().getFlag(Flags.AA)).isTrue();
        assertThat(records(response)).isEmpty();
    }

    @Test
    void knownNameWithoutTheAskedTypeIsNodata() throws Exception {
        Message response = query("mx1.example.test.", Type.MX, false);

        assertThat(response.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(records(response)).isEmpty();
    }

    @Test
    void servfailNameAnswersServfail() throws Exception {
        assertThat(query("broken.test.", Type.MX, false).getRcode()).isEqualTo(Rcode.SERVFAIL);
        assertThat(query("broken.test.", Type.A, false).getRcode()).isEqualTo(Rcode.SERVFAIL);
    }

    @Test
    void answersOverTcp() throws Exception {
        Message response = query("example.test.", Type.TXT, true);

        assertThat(records(response)).map(r -> ((TXTRecord) r).getStrings()).containsExactly(List.of("v=spf1 -all"));
    }

    @Test
    void largeAnswerIsTruncatedOverUdpAndCompleteOverTcp() throws Exception {
        String longText = "k".repeat(600);
        server.zones().txt("big.test", longText).txt("big.test", longText).txt("big.test", longText);
        try {
            SimpleResolver udpOnly = resolver(false);
            udpOnly.setIgnoreTruncation(true);
            Message truncated = udpOnly.send(Message.newQuery(Record.newRecord(Name.fromString("big.test."), Type.TXT, DClass.IN)));
            assertThat(truncated.getHeader().getFlag(Flags.TC)).isTrue();
            assertThat(records(truncated)).isEmpty();

            // dnsjava repeats a truncated query over TCP by itself, as the delivery resolver will.
            Message complete = query("big.test.", Type.TXT, false);
            assertThat(complete.getHeader().getFlag(Flags.TC)).isFalse();
            assertThat(records(complete)).hasSize(3)
                    .allSatisfy(r -> assertThat(String.join("", ((TXTRecord) r).getStrings())).isEqualTo(longText));
        } finally {
            server.zones().clear("big.test");
        }
    }

    @Test
    void recordsChangedWhileRunningAreServedAtOnce() throws Exception {
        server.zones().ttl(5).mx("moving.test", 5, "old.moving.test");
        assertThat(records(query("moving.test.", Type.MX, false)))
                .extracting(r -> ((MXRecord) r).getTarget().toString(), Record::getTTL)
                .containsExactly(tuple("old.moving.test.", 5L));

        server.zones().clear("moving.test.").ttl(60).mx("MOVING.test.", 5, "new.moving.test");
        assertThat(records(query("moving.test.", Type.MX, false)))
                .extracting(r -> ((MXRecord) r).getTarget().toString()).containsExactly("new.moving.test.");

        server.zones().clear("moving.test");
        assertThat(query("moving.test.", Type.MX, false).getRcode()).isEqualTo(Rcode.NXDOMAIN);
    }

    @Test
    void countsQueriesPerNameAndTypeOverUdpAndTcp() throws Exception {
        assertThat(server.queries("counted.test", "TXT")).isZero();
        query("counted.test.", Type.TXT, false);
        query("COUNTED.test.", Type.TXT, true);
        query("counted.test.", Type.A, false);

        assertThat(server.queries("counted.test", "TXT")).isEqualTo(2);
        assertThat(server.queries("counted.test.", "txt")).isEqualTo(2);
        assertThat(server.queries("counted.test", "A")).isEqualTo(1);
        assertThat(server.queries("counted.test", "MX")).isZero();
    }

    @Test
    void closedServerNoLongerAnswers() throws Exception {
        TestDnsServer other = TestDnsServer.start(new Zones().a("x.test", "127.0.0.9"));
        SimpleResolver resolver = new SimpleResolver("127.0.0.1");
        resolver.setPort(other.port());
        resolver.setTCP(true);
        resolver.setTimeout(Duration.ofSeconds(2));
        assertThat(other.hostPort()).isEqualTo("127.0.0.1:" + other.port());
        assertThat(resolver.send(Message.newQuery(Record.newRecord(Name.fromString("x.test."), Type.A, DClass.IN)))
                .getRcode()).isEqualTo(Rcode.NOERROR);

        other.close();

        assertThatThrownBy(() -> resolver.send(
                Message.newQuery(Record.newRecord(Name.fromString("x.test."), Type.A, DClass.IN))))
                .isInstanceOf(IOException.class);
    }

    private static Message query(String name, int type, boolean tcp) throws Exception {
        return resolver(tcp).send(Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN)));
    }

    private static SimpleResolver resolver(boolean tcp) throws Exception {
        SimpleResolver resolver = new SimpleResolver("127.0.0.1");
        resolver.setPort(server.port());
        resolver.setTCP(tcp);
        resolver.setTimeout(Duration.ofSeconds(5));
        return resolver;
    }

    private static List<Record> records(Message response) {
        return response.getSection(Section.ANSWER);
    }
}
