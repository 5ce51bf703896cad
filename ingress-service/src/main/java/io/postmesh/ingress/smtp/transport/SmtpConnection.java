package io.postmesh.ingress.smtp.transport;

import io.postmesh.ingress.auth.SmtpAuthenticator;
import io.postmesh.ingress.handoff.InboundHandoff;
import io.postmesh.ingress.limits.RateDecision;
import io.postmesh.ingress.limits.TenantRateLimiter;
import io.postmesh.ingress.smtp.protocol.AuthOutcome;
import io.postmesh.ingress.smtp.protocol.DataEnd;
import io.postmesh.ingress.smtp.protocol.DrainPolicy;
import io.postmesh.ingress.smtp.protocol.Replies;
import io.postmesh.ingress.smtp.protocol.Reply;
import io.postmesh.ingress.smtp.protocol.SmtpSession;
import io.postmesh.ingress.telemetry.SessionObserver;
import io.postmesh.model.SmtpReply;
import io.smallrye.common.vertx.VertxContext;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import java.net.InetAddress;
import javax.net.ssl.SSLSession;
import org.jboss.logging.Logger;

/**
 * The Vert.x adapter of one SMTP connection: bytes in, lines to the {@link SmtpSession}, replies out.
 *
 * <p>Input is framed by an {@link InputFramer}: commands are lines ending in CRLF only (never a bare LF), of at
 * most {@value #MAX_COMMAND_LINE} bytes (RFC 5321 §4.5.3.1.4 allows 512, ESMTP parameters need more); message
 * data goes to the session in the pieces it arrived in, and the session's reader finds the end mark (so a bare
 * LF or CR never ends it); BDAT chunks are counted out. Reading pauses while a reply cannot be written
 * ({@code writeQueueFull}, resumed by the drain handler) and while a message is being handed to Kafka, so
 * pipelined commands after the data wait for the outcome of the hand-off (RFC 2920 §3.1).
 *
 * <p>With a greeting delay, the 220 waits; anything the client sends before it ends the connection with 554
 * unread (RFC 5321 §4.3.1, the early-talker test of Postfix's postscreen). A MAIL FROM of a tenant with a
 * message rate pauses reading until {@link TenantRateLimiter} answered, like AUTH.
 */
final class SmtpConnection {
    private static final Logger LOG = Logger.getLogger(SmtpConnection.class);
    static final int MAX_COMMAND_LINE = 4096;

    private final NetSocket socket;
    private final Context context;
    private final SmtpSession session;
    private final InboundHandoff handoff;
    private final SmtpAuthenticator authenticator;
    private final TenantRateLimiter rates;
    private final SessionObserver observer;
    private final long greetingDelayMillis;
    private boolean greeted;
    private final InetAddress client;
    private final long commandTimeoutMillis;
    private final long dataTimeoutMillis;
    private final Runnable onClose;
    private final SessionDrain drain;
    private boolean draining;
    private long timer = -1;
    private long lastInput;
    private final InputFramer framer;

    private long bytesReceived;
    private long bytesConsumed;
    private boolean closing;
    private boolean pausedForHandoff;
    private boolean pausedForDrain;
    private boolean pausedForAuth;
    private boolean pausedForRate;

    SmtpConnection(NetSocket socket, Context context, SmtpSession session, InboundHandoff handoff,
                   SmtpAuthenticator authenticator, TenantRateLimiter rates, SessionObserver observer,
                   InetAddress client, Limits limits, Runnable onClose, SessionDrain drain) {
        this.socket = socket;
        this.context = context;
        this.session = session;
        this.handoff = handoff;
        this.authenticator = authenticator;
        this.rates = rates;
        this.observer = observer;
        this.greetingDelayMillis = limits.greetingDelay().toMillis();
        this.client = client;
        this.framer = new InputFramer(limits.maxCommandLine(), new FramedInput());
        this.commandTimeoutMillis = limits.commandTimeout().toMillis();
        this.dataTimeoutMillis = limits.dataTimeout().toMillis();
        this.onClose = onClose;
        this.drain = drain;
    }

    /** The per-connection limits the transport enforces itself. */
    record Limits(int maxCommandLine, java.time.Duration commandTimeout, java.time.Duration dataTimeout,
                  java.time.Duration greetingDelay) {}

    void start() {
        socket.handler(this::onBytes);
        socket.closeHandler(v -> {
            closing = true;
            cancelTimer();
            onClose.run();
            drain.closed(this);
            observer.closed(bytesReceived);
        });
        socket.exceptionHandler(e -> LOG.debugf("connection from %s: %s", socket.remoteAddress(), e.toString()));
        if (socket.isSsl()) {
            recordTls();
        }
        drain.register(this);
        if (greetingDelayMillis > 0) {
            // Our own wait, not the client's silence: the command timeout starts with the greeting.
            timer = context.owner().setTimer(greetingDelayMillis, id -> {
                timer = -1;
                greet();
            });
        } else {
            greet();
        }
    }

    private void greet() {
        if (closing) {
            return;
        }
        greeted = true;
        lastInput = System.nanoTime();
        armTimer(commandTimeoutMillis);
        write(session.greeting());
    }

    private void onBytes(Buffer buffer) {
        if (closing) {
            return;
        }
        if (!greeted) {
            // RFC 5321 §4.3.1: the client waits for the 220. None of these bytes reaches the session.
            bytesReceived += buffer.length();
            cancelTimer();
            writeAndClose(session.earlyTalker());
            return;
        }
        lastInput = System.nanoTime();
        if (session.state() == SmtpSession.State.TLS_PENDING) {
            if (!socket.isSsl()) {
                // RFC 3207 §4.2 / CVE-2011-0411: plaintext sent after STARTTLS must never reach the TLS session.
                close();
                return;
            }
            // Decrypted bytes can only follow a finished handshake, even if its event has not reached us yet.
            session.tlsStarted();
            recordTls();
        }
        bytesReceived += buffer.length();
        framer.handle(buffer);
    }

    /** What the framer hands on, in the order it arrived. */
    private final class FramedInput implements InputFramer.Handler {
        @Override
        public void line(byte[] line) {
            bytesConsumed += line.length + 2;
            if (!closing) {
                onCommand(line);
            }
        }

        @Override
        public void lineTooLong() {
            if (!closing) {
                writeAndClose(Replies.LINE_TOO_LONG);
            }
        }

        @Override
        public int data(byte[] src, int from, int to) {
            int end = session.onData(src, from, to);
            bytesConsumed += (end < 0 ? to : end) - from;
            return end;
        }

        @Override
        public void dataEnded() {
            if (closing) {
                return;
            }
            DataEnd end = session.endOfData();
            if (end instanceof DataEnd.Refused refused) {
                write(refused.reply());
            } else if (end instanceof DataEnd.Complete complete) {
                handOff(complete);
            }
        }

        @Override
        public void chunk(byte[] octets) {
            bytesConsumed += octets.length;
            if (closing) {
                return;
            }
            session.onChunkData(octets);
            if (session.chunkRemaining() == 0) {
                endChunk();
            }
        }
    }

    private void onCommand(byte[] line) {
        if (draining && DrainPolicy.refuses(session.state(), line)) {
            writeAndClose(drain.shuttingDown());
            return;
        }
        Reply reply = session.onCommand(line);
        switch (reply.action()) {
            case CLOSE -> writeAndClose(reply);
            case START_TLS -> startTls(reply);
            case AUTHENTICATE -> authenticate();
            case CHECK_RATE -> checkRate();
            case READ_CHUNK -> readChunk();
            default -> {
                write(reply);
                if (session.state() == SmtpSession.State.DATA) {
                    framer.data();
                }
            }
        }
    }

    /** Shutdown (RFC 5321 §3.8): 421 4.3.2 now if the session waits for a command, else after its message. */
    void drain() {
        draining = true;
        if (!closing && DrainPolicy.atDrainStart(session.state()) == DrainPolicy.Step.CLOSE_NOW) {
            cancelTimer();
            writeAndClose(drain.shuttingDown());
        }
    }

    /** {@link #drain()} from another thread: connections are only touched on their own event loop. */
    void drainOnItsContext() {
        context.runOnContext(v -> drain());
    }

    private void startTls(Reply ready) {
        if (bytesReceived > bytesConsumed) {
            // Something was pipelined after STARTTLS: refuse rather than carry it into the TLS session.
            writeAndClose(Replies.PIPELINED_AFTER_STARTTLS);
            return;
        }
        write(ready).compose(v -> socket.upgradeToSsl()).onComplete(ar -> {
            if (ar.succeeded()) {
                if (session.state() == SmtpSession.State.TLS_PENDING) {
                    session.tlsStarted();
                }
                recordTls();
            } else {
                LOG.debugf("TLS handshake with %s failed: %s", socket.remoteAddress(), ar.cause().toString());
                close();
            }
        });
    }

    private void authenticate() {
        pausedForAuth = true;
        pause();
        authenticator.authenticate(client, session.pendingCredentials()).onComplete(ar -> {
            AuthOutcome outcome = ar.succeeded() ? ar.result() : new AuthOutcome.Unavailable();
            Reply reply = session.authFinished(outcome);
            if (reply.action() == Reply.Action.CLOSE) {
                writeAndClose(reply);
                return;
            }
            write(reply);
            observer.authenticated(session.authUser());
            pausedForAuth = false;
            resume();
        });
    }

    /** MAIL FROM of a tenant with a message rate: one token from its bucket, or 451 4.7.1. */
    private void checkRate() {
        pausedForRate = true;
        pause();
        rates.acquire(session.tenant(), 1).whenComplete((decision, error) -> context.runOnContext(v -> {
            // The limiter fails open by itself; an unexpected error here is treated the same way.
            boolean allowed = error != null || decision.allowed();
            if (closing) {
                return;
            }
            write(session.rateChecked(allowed));
            pausedForRate = false;
            resume();
        }));
    }

    /** BDAT (RFC 3030): the framer counts out the chunk's octets, then reads commands again. */
    private void readChunk() {
        long remaining = session.chunkRemaining();
        if (remaining == 0) {
            endChunk();
            return;
        }
        framer.chunk(remaining);
    }

    private void endChunk() {
        DataEnd end = session.chunkFinished();
        if (end instanceof DataEnd.Complete complete) {
            handOff(complete);
        } else if (end instanceof DataEnd.Chunk chunk) {
            write(chunk.reply());
        } else if (end instanceof DataEnd.Refused refused) {
            write(refused.reply());
        }
    }

    /**
     * One timer per connection, re-armed from the time of the last input rather than reset on every packet.
     * Silence is measured only while we wait for the client: not while a hand-off, an AUTH check or a full
     * write queue keeps it waiting for us.
     */
    private void armTimer(long delayMillis) {
        timer = context.owner().setTimer(Math.max(1, delayMillis), id -> onTimer());
    }

    private void onTimer() {
        timer = -1;
        if (closing) {
            return;
        }
        SmtpSession.State state = session.state();
        long limit = state == SmtpSession.State.DATA || state == SmtpSession.State.CHUNK
                ? dataTimeoutMillis : commandTimeoutMillis;
        long idle = (System.nanoTime() - lastInput) / 1_000_000;
        if (pausedForHandoff || pausedForAuth || pausedForDrain || pausedForRate || !greeted) {
            lastInput = System.nanoTime();
            armTimer(limit);
        } else if (idle >= limit) {
            LOG.debugf("timeout of %s in %s", socket.remoteAddress(), state);
            writeAndClose(Replies.TIMEOUT);
        } else {
            armTimer(limit - idle);
        }
    }

    private void cancelTimer() {
        if (timer >= 0) {
            context.owner().cancelTimer(timer);
            timer = -1;
        }
    }

    private void recordTls() {
        SSLSession tls = socket.sslSession();
        if (tls != null) {
            session.tlsDetails(tls.getProtocol(), tls.getCipherSuite());
            observer.tls(tls.getProtocol(), tls.getCipherSuite());
        }
    }

    private void handOff(DataEnd.Complete complete) {
        pausedForHandoff = true;
        pause();
        InboundHandoff.InFlight inFlight;
        try {
            inFlight = handoff.start(complete.message());
        } catch (RuntimeException e) {
            LOG.warnf(e, "hand-off of %s could not start", complete.message().queueId());
            afterHandoff(null, null, e);
            return;
        }
        // Kafka completes the future on its own threads: go back to this connection's event loop. A duplicated
        // context of it carries the message's trace context, so log lines there show its trace and span ids.
        Context perMessage = VertxContext.createNewDuplicatedContext(context);
        // Processing may refuse the message (a loop, spam, a virus): that reply ends the transaction instead.
        inFlight.done().whenComplete((refusal, error) ->
                perMessage.runOnContext(v -> afterHandoff(inFlight, refusal, error)));
    }

    private void afterHandoff(InboundHandoff.InFlight inFlight, SmtpReply refusal, Throwable error) {
        Reply reply = error != null ? session.handoffFailed()
                : refusal != null ? refused(refusal)
                : session.handedOff(inFlight.envelope().queueId());
        if (!closing) {
            write(reply);
        }
        if (inFlight != null && error == null && refusal == null) {
            observer.accepted(inFlight.envelope().queueId(), inFlight.envelope().size());
        }
        if (inFlight != null) {
            inFlight.finish(reply, error);
        }
        pausedForHandoff = false;
        resume();
    }

    /** Ends the transaction like a failed hand-off (the client may start another), with processing's reply. */
    private Reply refused(SmtpReply refusal) {
        session.handoffFailed();
        return Reply.of(refusal.code(), refusal.enhanced(), refusal.text());
    }

    private Future<Void> write(Reply reply) {
        observer.replied(reply);
        Future<Void> written = socket.write(reply.wire());
        if (socket.writeQueueFull() && !pausedForDrain) {
            pausedForDrain = true;
            pause();
            socket.drainHandler(v -> {
                pausedForDrain = false;
                resume();
            });
        }
        return written;
    }

    private void writeAndClose(Reply reply) {
        observer.replied(reply);
        closing = true;
        socket.write(reply.wire()).onComplete(ar -> socket.close());
    }

    private void close() {
        closing = true;
        socket.close();
    }

    private void pause() {
        framer.pause();
        socket.pause();
    }

    private void resume() {
        if (pausedForHandoff || pausedForDrain || pausedForAuth || pausedForRate || closing) {
            return;
        }
        // Input already received comes first; it may pause us again (the next pipelined message).
        framer.resume();
        if (!pausedForHandoff && !pausedForDrain && !pausedForAuth && !pausedForRate && !closing) {
            socket.resume();
        }
    }
}
