package io.postmesh.delivery.mx;

import static org.assertj.core.api.Assertions.assertThat;

import io.postmesh.delivery.mx.CachingDns.Answer;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.xbill.DNS.DClass;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * {@link CachingDns} against a fake dnsjava {@link Resolver} that counts the queries it gets and a clock the test
 * moves: the same question asked twice, {@code secondsLater} apart, reaches the resolver once or twice.
 */
class CachingDnsTest {
    private static final Name NAME = Name.fromConstantString("_mta-sts.example.test.");

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', textBlock = """
            # case                               ; rcode    ; record TTLs ; SOA minimum ; seconds later ; queries
            answer reused within its TTL         ; NOERROR  ; 300         ; -           ; 299           ; 1
            answer asked again once TTL passed   ; NOERROR  ; 300         ; -           ; 300           ; 2
            smallest TTL of the records counts   ; NOERROR  ; 300|60      ; -           ; 59            ; 1
            smallest TTL passed                  ; NOERROR  ; 300|60      ; -           ; 60            ; 2
            TTL capped at one hour, within       ; NOERROR  ; 86400       ; -           ; 3599          ; 1
            TTL capped at one hour, passed       ; NOERROR  ; 86400       ; -           ; 3600          ; 2
            TTL zero is not kept                 ; NOERROR  ; 0           ; -           ; 0             ; 2
            NXDOMAIN kept for the SOA minimum    ; NXDOMAIN ; -           ; 120         ; 119           ; 1
            NXDOMAIN asked again after minimum   ; NXDOMAIN ; -           ; 120         ; 120           ; 2
            NODATA kept for the SOA minimum      ; NOERROR  ; -           ; 120         ; 119           ; 1
            NXDOMAIN without SOA kept 60 s       ; NXDOMAIN ; -           ; -           ; 59            ; 1
            NXDOMAIN without SOA, 60 s passed    ; NXDOMAIN ; -           ; -           ; 60            ; 2
            SERVFAIL asked again each time       ; SERVFAIL ; -           ; -           ; 0             ; 2
            REFUSED asked again each time        ; REFUSED  ; -           ; -           ; 0             ; 2
            timeout asked again each time        ; TIMEOUT  ; -           ; -           ; 0             ; 2
            """)
    void sameQuestionTwice(String name, String rcode, String ttls, String soaMinimum, long secondsLater,
            int expectedQueries) throws Exception {
        MovableClock clock = new MovableClock();
        CountingResolver resolver = new CountingResolver(rcode, ttls, soaMinimum);
        CachingDns dns = new CachingDns(resolver, Runnable::run, clock);

        Answer first = ask(dns, NAME);
        clock.advance(Duration.ofSeconds(secondsLater));
        Answer second = ask(dns, NAME);

        assertThat(resolver.queries).as("queries sent").isEqualTo(expectedQueries);
        assertThat(second.rcode()).isEqualTo(first.rcode());
        assertThat(second.records()).isEqualTo(first.records());
        assertThat(second.failed()).isEqualTo(rcode.equals("SERVFAIL") || rcode.equals("REFUSED")
                || rcode.equals("TIMEOUT"));
    }

    @Test
    void namesDifferingOnlyInCaseAreOneQuestionAndTypesAreSeparate() throws Exception {
        CountingResolver resolver = new CountingResolver("NOERROR", "300", "-");
        CachingDns dns = new CachingDns(resolver, Runnable::run, new MovableClock());

        Answer answer = ask(dns, NAME);
        ask(dns, Name.fromString("_MTA-STS.Example.TEST."));
        assertThat(resolver.queries).isEqualTo(1);
        assertThat(answer.recordsIfAnswered()).extracting(r -> ((TXTRecord) r).getStrings().get(0))
                .containsExactly("v=STSv1; id=300;");

        dns.query(NAME, Type.A).toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(resolver.queries).as("an A question is not the TXT question").isEqualTo(2);
    }

    @Test
    void failureCarriesTheCauseAndNoRecords() throws Exception {
        Answer answer = ask(new CachingDns(new CountingResolver("TIMEOUT", "-", "-"), Runnable::run), NAME);
        assertThat(answer.error()).contains("SocketTimeoutException");
        assertThat(answer.recordsIfAnswered()).isEmpty();
    }

    private static Answer ask(CachingDns dns, Name name) throws Exception {
        return dns.query(name, Type.TXT).toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    /** Answers every query from one template; "TIMEOUT" fails the way dnsjava does when no reply comes. */
    private static final class CountingResolver implements Resolver {
        private final String rcode;
        private final String ttls;
        private final String soaMinimum;
        int queries;

        CountingResolver(String rcode, String ttls, String soaMinimum) {
            this.rcode = rcode;
            this.ttls = ttls;
            this.soaMinimum = soaMinimum;
        }

        @Override
        public CompletionStage<Message> sendAsync(Message query, Executor executor) {
            queries++;
            if (rcode.equals("TIMEOUT")) {
                return CompletableFuture.failedFuture(new SocketTimeoutException("Query timed out"));
            }
            Record question = query.getQuestion();
            Message response = new Message(query.getHeader().getID());
            response.getHeader().setRcode(Rcode.value(rcode));
            response.addRecord(question, Section.QUESTION);
            if (!ttls.equals("-")) {
                for (String ttl : ttls.split("\\|")) {
                    response.addRecord(new TXTRecord(question.getName(), DClass.IN, Long.parseLong(ttl),
                            "v=STSv1; id=" + ttl + ";"), Section.ANSWER);
                }
            }
            if (!soaMinimum.equals("-")) {
                Name zone = Name.fromConstantString("example.test.");
                response.addRecord(new SOARecord(zone, DClass.IN, 3600, Name.fromConstantString("ns.example.test."),
                        Name.fromConstantString("admin.example.test."), 1, 3600, 600, 86400,
                        Long.parseLong(soaMinimum)), Section.AUTHORITY);
            }
            return CompletableFuture.completedFuture(response);
        }

        @Override public void setPort(int port) {}
        @Override public void setTCP(boolean flag) {}
        @Override public void setIgnoreTruncation(boolean flag) {}
        @Override public void setEDNS(int version, int payloadSize, int flags, List<EDNSOption> options) {}
        @Override public void setTSIGKey(TSIG key) {}
        @Override public void setTimeout(Duration timeout) {}
    }

    private static final class MovableClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override public Instant instant() {
            return now;
        }
    }
}
