package io.postmesh.loadgen.load;

import io.postmesh.loadgen.message.BenchMessageFactory;
import io.postmesh.loadgen.message.BenchMessageFactory.BenchMessage;
import io.postmesh.loadgen.smtp.ConnectFailure;
import io.postmesh.loadgen.smtp.ReplyParser;
import io.postmesh.loadgen.smtp.SmtpReply;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * One SMTP client session of the load: connects, EHLOs, then sends message after message on the same
 * connection. With PIPELINING (RFC 2920 §3.1) MAIL, RCPT and DATA go out in one write and the three replies
 * are read together; the message follows the 354. A refused command is answered with RSET; a 421 or a lost
 * connection fails the message in flight and the session reconnects. All callbacks run on the connection's
 * event loop.
 */
final class LoadSession {
    private static final Buffer END_OF_DATA = Buffer.buffer(".\r\n");

    private final Vertx vertx;
    private final NetClient client;
    private final LoadSettings settings;
    private final LoadRun run;
    private final BenchMessageFactory factory;
    private final Promise<Void> done = Promise.promise();
    private final Deque<Consumer<SmtpReply>> expected = new ArrayDeque<>();
    private final ReplyParser parser = new ReplyParser();

    private volatile NetSocket socket;
    private volatile Context context;
    private boolean pipelining;
    private boolean inFlight;
    private int sentOnConnection;
    private volatile long waitingSinceNanos;
    /** What the session last sent (command verb or "end of data"), to say what a timed-out reply was for. */
    private volatile String lastWritten = "connect";
    /** The bench id of the message in flight, and whether its content went out (see {@link MessageOutcomes}). */
    private volatile String currentId;
    private volatile boolean contentSent;

    LoadSession(Vertx vertx, NetClient client, LoadSettings settings, LoadRun run, BenchMessageFactory factory) {
        this.vertx = vertx;
        this.client = client;
        this.settings = settings;
        this.run = run;
        this.factory = factory;
    }

    Promise<Void> done() {
        return done;
    }

    void connect() {
        if (run.stopping()) {
            done.tryComplete();
            return;
        }
        client.connect(settings.port(), settings.host()).onComplete(ar -> {
            if (ar.failed()) {
                run.stats().sessionError(ConnectFailure.describe(ar.cause()));
                run.checkErrors();
                vertx.setTimer(100, t -> connect());
                return;
            }
            run.stats().connected();
            context = vertx.getOrCreateContext();
            socket = ar.result();
            sentOnConnection = 0;
            expected.clear();
            socket.handler(RecordParser.newDelimited("\r\n", this::onLine).maxRecordSize(64 * 1024));
            NetSocket mine = socket;
            socket.exceptionHandler(e -> mine.close());
            socket.closeHandler(v -> onClosed(mine));
            expect(banner -> {
                if (banner.is(220)) {
                    ehlo();
                } else {
                    run.stats().sessionError("banner " + banner.errorKey());
                    run.checkErrors();
                    quit();
                }
            });
        });
    }

    private void ehlo() {
        write("EHLO " + settings.helo() + "\r\n");
        expect(reply -> {
            if (reply.is(250)) {
                pipelining = reply.advertises("PIPELINING");
                next();
            } else {
                run.stats().sessionError("EHLO " + reply.errorKey());
                run.checkErrors();
                quit();
            }
        });
    }

    private void next() {
        if (run.stopping()) {
            quit();
            return;
        }
        if (settings.messagesPerSession() > 0 && sentOnConnection >= settings.messagesPerSession()) {
            quit();
            return;
        }
        long now = System.nanoTime();
        long n = run.pacer().take(now);
        if (n == Pacer.STOP) {
            quit();
            return;
        }
        inFlight = true;
        sentOnConnection++;
        // Rounded up: a timer may not fire before the message is due, or a paced run ends early.
        long delayMs = (run.pacer().delayNanos(n, now) + 999_999) / 1_000_000;
        if (delayMs > 0) {
            vertx.setTimer(delayMs, t -> send(n));
        } else {
            send(n);
        }
    }

    private void send(long n) {
        String id = settings.runId() + "-" + n;
        currentId = id;
        contentSent = false;
        int size = settings.sizes().pick(ThreadLocalRandom.current().nextDouble());
        long txStart = System.nanoTime();
        SmtpReply[] replies = new SmtpReply[3];
        String mail = "MAIL FROM:<" + settings.from() + ">\r\n";
        String rcpt = "RCPT TO:<" + settings.rcpt() + ">\r\n";
        String data = "DATA\r\n";
        if (pipelining) {
            write(mail + rcpt + data);
            expect(r -> replies[0] = r);
            expect(r -> replies[1] = r);
            expect(r -> {
                replies[2] = r;
                afterData(id, size, txStart, replies);
            });
        } else {
            write(mail);
            expect(r1 -> {
                replies[0] = r1;
                write(rcpt);
                expect(r2 -> {
                    replies[1] = r2;
                    write(data);
                    expect(r3 -> {
                        replies[2] = r3;
                        afterData(id, size, txStart, replies);
                    });
                });
            });
        }
    }

    private void afterData(String id, int size, long txStart, SmtpReply[] replies) {
        SmtpReply firstRefusal = null;
        for (SmtpReply r : replies) {
            if (!r.positive()) {
                firstRefusal = r;
                break;
            }
        }
        if (!replies[2].is(354)) {
            fail(firstRefusal == null ? replies[2] : firstRefusal);
            write("RSET\r\n");
            expect(r -> next());
            return;
        }
        if (firstRefusal != null) {
            // RFC 2920 §3.1: the server took DATA although MAIL or RCPT failed; end the empty message.
            SmtpReply refusal = firstRefusal;
            socket.write(END_OF_DATA);
            expect(r -> {
                fail(refusal);
                next();
            });
            return;
        }
        BenchMessage message = factory.create(id, size, epochMicros());
        socket.write(Buffer.buffer(message.head()));
        socket.write(run.fillerWithEnd(size, message.filler()));
        lastWritten = "end of data";
        contentSent = true;
        long dataEnd = System.nanoTime();
        expect(reply -> {
            long now = System.nanoTime();
            inFlight = false;
            if (reply.code() / 100 == 2) {
                run.stats().accepted(message.length(), now - dataEnd, now - txStart, now);
                run.outcomes().accepted(id);
            } else {
                run.stats().failed(reply.errorKey(), now);
                run.outcomes().refused(id, reply.errorKey());
            }
            next();
        });
    }

    private void fail(SmtpReply reply) {
        inFlight = false;
        run.stats().failed(reply.errorKey(), System.nanoTime());
        run.outcomes().refused(currentId, reply.errorKey());
        run.checkErrors();
    }

    private void quit() {
        if (socket == null) {
            done.tryComplete();
            return;
        }
        write("QUIT\r\n");
        expect(r -> socket.close());
    }

    private void onLine(Buffer line) {
        SmtpReply reply;
        try {
            var complete = parser.line(line.toString(StandardCharsets.ISO_8859_1));
            if (complete.isEmpty()) {
                return;
            }
            reply = complete.get();
        } catch (IllegalArgumentException e) {
            run.stats().sessionError("protocol: not a reply line");
            socket.close();
            return;
        }
        Consumer<SmtpReply> handler = expected.poll();
        waitingSinceNanos = expected.isEmpty() ? 0 : System.nanoTime();
        if (reply.is(421) || handler == null) {
            // RFC 5321 §3.8: 421 means the server is closing; whatever we still wait for will not come.
            if (inFlight) {
                inFlight = false;
                run.stats().failed(reply.errorKey(), System.nanoTime());
                // A 421 in place of a reply is a final answer: the server did not take the message.
                run.outcomes().refused(currentId, reply.errorKey());
            } else {
                run.stats().sessionError(handler == null ? "unexpected " + reply.errorKey() : reply.errorKey());
            }
            run.checkErrors();
            socket.close();
            return;
        }
        handler.accept(reply);
    }

    private void onClosed(NetSocket closed) {
        if (closed != socket) {
            return;
        }
        socket = null;
        expected.clear();
        waitingSinceNanos = 0;
        if (inFlight) {
            inFlight = false;
            run.stats().failed("connection lost", System.nanoTime());
            lostInFlight("connection lost");
            run.checkErrors();
        }
        if (run.stopping() || run.pacer().finished(System.nanoTime())) {
            done.tryComplete();
        } else {
            connect();
        }
    }

    /** Called by the run's watchdog: closes the connection when a reply is overdue. */
    void checkTimeout(long nowNanos, long timeoutNanos) {
        long since = waitingSinceNanos;
        if (since != 0 && nowNanos - since > timeoutNanos) {
            waitingSinceNanos = 0;
            NetSocket s = socket;
            Context c = context;
            if (s != null && c != null) {
                c.runOnContext(v -> {
                    if (inFlight) {
                        inFlight = false;
                        run.stats().failed("reply timeout after " + lastWritten, System.nanoTime());
                        lostInFlight("reply timeout after " + lastWritten);
                    } else {
                        run.stats().sessionError("reply timeout after " + lastWritten);
                    }
                    s.close();
                });
            }
        }
    }

    /** The message in flight got no final reply: unknown once its content was sent, else never handed over. */
    private void lostInFlight(String reason) {
        if (contentSent) {
            run.outcomes().unknown(currentId, reason);
        } else {
            run.outcomes().refused(currentId, reason);
        }
    }

    private void expect(Consumer<SmtpReply> handler) {
        if (expected.isEmpty()) {
            waitingSinceNanos = System.nanoTime();
        }
        expected.add(handler);
    }

    private void write(String text) {
        lastWritten = text.length() >= 4 ? text.substring(0, 4) : text.trim();
        socket.write(Buffer.buffer(text.getBytes(StandardCharsets.US_ASCII)));
    }

    private static long epochMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
    }
}
