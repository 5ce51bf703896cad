package io.postmesh.ingress.smtp.protocol;

import io.postmesh.ingress.policy.HookResult;
import io.postmesh.ingress.policy.RcptHook;
import io.postmesh.model.Recipient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The server side of one SMTP session (RFC 5321 §4.1, §4.3.2) as a pure state machine: commands in,
 * replies out. It never touches a socket; the transport feeds it lines and acts on
 * {@link Reply#action()} and {@link DataEnd}.
 *
 * <p>A command that fails its syntax check never changes the state (RFC 5321 §4.1.1: a rejected command
 * has no effect). After {@value #MAX_ERRORS} protocol errors the session ends with 421, like Postfix's
 * {@code smtpd_hard_error_limit}.
 */
public final class SmtpSession {
    static final int MAX_ERRORS = 20;
    // EHLO/HELO argument: a domain or an address literal; nothing that could break our Received header.
    private static final Pattern HELO_NAME = Pattern.compile("[A-Za-z0-9._:\\-\\[\\]]{1,255}");

    /** Where the session stands. */
    public enum State { START, READY, MAIL, RCPT, DATA, HANDOFF, TLS_PENDING, CLOSED }

    private final SessionSettings settings;
    private final RcptHook rcptHook;
    private final Clock clock;
    private final Supplier<String> queueIds;

    private State state = State.START;
    private boolean extended;
    private boolean tlsActive;
    private String helo;
    private Mailbox reversePath;
    private MailParameters mailParameters;
    private final List<Recipient> recipients = new ArrayList<>();
    private DataReader data;
    private String queueId;
    private int errors;

    public SmtpSession(SessionSettings settings, RcptHook rcptHook, Clock clock, Supplier<String> queueIds) {
        this.settings = settings;
        this.rcptHook = rcptHook;
        this.clock = clock;
        this.queueIds = queueIds;
        this.tlsActive = settings.tlsActive();
    }

    public State state() {
        return state;
    }

    public boolean tlsActive() {
        return tlsActive;
    }

    /** The opening 220 (RFC 5321 §4.2: no enhanced code before ENHANCEDSTATUSCODES is negotiated). */
    public Reply greeting() {
        return Reply.of(220, null, settings.hostname() + " ESMTP Postmesh");
    }

    /** Handles one command line (without its CRLF). Not to be called in DATA or during the hand-off. */
    public Reply onCommand(byte[] line) {
        if (state == State.DATA || state == State.HANDOFF) {
            throw new IllegalStateException("command while " + state);
        }
        if (state == State.TLS_PENDING || state == State.CLOSED) {
            state = State.CLOSED;
            return Replies.PIPELINED_AFTER_STARTTLS;
        }
        Reply reply;
        try {
            reply = dispatch(CommandLine.parse(line));
        } catch (SmtpSyntaxException e) {
            reply = e.reply();
        }
        if (isProtocolError(reply) && ++errors >= MAX_ERRORS) {
            reply = Replies.TOO_MANY_ERRORS;
        }
        if (reply.action() == Reply.Action.CLOSE) {
            state = State.CLOSED;
        }
        return reply;
    }

    private Reply dispatch(CommandLine cmd) throws SmtpSyntaxException {
        return switch (cmd.verb()) {
            case "EHLO" -> hello(cmd, true);
            case "HELO" -> hello(cmd, false);
            case "MAIL" -> mail(cmd);
            case "RCPT" -> rcpt(cmd);
            case "DATA" -> data(cmd);
            case "RSET" -> noArgs(cmd, this::reset);
            case "NOOP" -> Replies.OK;  // RFC 5321 §4.1.1.9: a parameter is allowed and ignored
            case "QUIT" -> Replies.BYE;
            case "VRFY" -> cmd.hasArgs() ? Replies.VRFY : Replies.VRFY_SYNTAX;
            case "HELP" -> Replies.HELP;
            case "STARTTLS" -> startTls(cmd);
            case "EXPN", "AUTH", "BDAT", "ETRN", "TURN", "ATRN" -> Replies.NOT_IMPLEMENTED;
            default -> Replies.UNKNOWN_COMMAND;
        };
    }

    private Reply hello(CommandLine cmd, boolean ehlo) {
        if (!HELO_NAME.matcher(cmd.args()).matches()) {
            return Replies.HELO_SYNTAX;
        }
        // RFC 5321 §4.1.4: EHLO/HELO at any point resets the transaction.
        clearTransaction();
        helo = cmd.args();
        extended = ehlo;
        state = State.READY;
        return ehlo ? EhloReply.build(settings, tlsActive) : Reply.of(250, null, settings.hostname());
    }

    private Reply mail(CommandLine cmd) throws SmtpSyntaxException {
        if (state == State.START) {
            return Replies.NEED_HELO;
        }
        if (state == State.MAIL || state == State.RCPT) {
            return Replies.NESTED_MAIL;
        }
        String args = cmd.argsAfter("FROM:", Replies.MAIL_SYNTAX);
        PathParser.Path path = PathParser.reversePath().parse(args);
        MailParameters params = MailParameters.parse(path.parameters());
        if (params.size() > settings.maxMessageSize()) {
            return Replies.TOO_BIG;  // RFC 1870 §6.1
        }
        if (!path.isNull() && !path.mailbox().ascii() && !params.smtpUtf8()) {
            return Replies.NEEDS_SMTPUTF8;
        }
        reversePath = path.mailbox();
        mailParameters = params;
        state = State.MAIL;
        return Replies.SENDER_OK;
    }

    private Reply rcpt(CommandLine cmd) throws SmtpSyntaxException {
        if (state == State.START) {
            return Replies.NEED_HELO;
        }
        if (state != State.MAIL && state != State.RCPT) {
            return Replies.NEED_MAIL;
        }
        String args = cmd.argsAfter("TO:", Replies.RCPT_SYNTAX);
        PathParser.Path postmaster = PathParser.postmaster(args, settings.hostname());
        PathParser.Path path = postmaster != null ? postmaster : PathParser.forwardPath().parse(args);
        if (path.isNull()) {
            return Replies.NULL_RECIPIENT;
        }
        RcptParameters params = RcptParameters.parse(path.parameters());
        Mailbox mailbox = path.mailbox();
        if (!mailbox.ascii() && !mailParameters.smtpUtf8()) {
            return Replies.NEEDS_SMTPUTF8;
        }
        if (recipients.size() >= settings.maxRecipients()) {
            return Replies.TOO_MANY_RECIPIENTS;  // RFC 5321 §4.5.3.1.10
        }
        if (postmaster == null && rcptHook.onRcpt(settings.clientAddress(), mailbox) != HookResult.OK) {
            return Replies.RELAY_DENIED;
        }
        recipients.add(new Recipient(mailbox.address(), params.notifyOn(), params.orcpt()));
        state = State.RCPT;
        return Replies.RECIPIENT_OK;
    }

    private Reply data(CommandLine cmd) {
        if (cmd.hasArgs()) {
            return Replies.NO_ARGUMENTS;
        }
        if (state == State.START) {
            return Replies.NEED_HELO;
        }
        if (state == State.READY) {
            return Replies.NEED_MAIL;
        }
        if (state == State.MAIL) {
            return Replies.NEED_RCPT;
        }
        queueId = queueIds.get();
        String received = ReceivedHeader.format(helo, settings.clientAddress(), settings.hostname(),
                ReceivedHeader.protocol(extended, tlsActive, mailParameters.smtpUtf8()), queueId,
                recipients.size() == 1 ? recipients.get(0).address() : null, ZonedDateTime.now(clock));
        data = new DataReader(received.getBytes(StandardCharsets.UTF_8), settings.maxMessageSize(),
                mailParameters.size());
        state = State.DATA;
        return Replies.START_DATA;
    }

    /**
     * Takes one line of message data (without its CRLF).
     *
     * @return empty while the data goes on; how it ended once the lone dot arrives
     */
    public Optional<DataEnd> onDataLine(byte[] line) {
        if (state != State.DATA) {
            throw new IllegalStateException("data line while " + state);
        }
        if (!data.line(line)) {
            return Optional.empty();
        }
        if (data.tooBig()) {
            return Optional.of(refuse(Replies.TOO_BIG));
        }
        if (data.bareLineEnding()) {
            return Optional.of(refuse(Replies.BARE_LINE_ENDING));
        }
        AcceptedMessage message = new AcceptedMessage(queueId, reversePath == null ? "" : reversePath.address(),
                recipients, mailParameters, helo, settings.clientAddress(), tlsActive, data.bytes());
        data = null;
        state = State.HANDOFF;
        return Optional.of(new DataEnd.Complete(message));
    }

    /** The hand-off is durable: RFC 5321 §4.1.1.4, the transaction ends with 250. */
    public Reply handedOff(String id) {
        expect(State.HANDOFF);
        clearTransaction();
        state = State.READY;
        return Replies.queued(id);
    }

    /** The hand-off failed: 451, the transaction is cleared and the client may try again. */
    public Reply handoffFailed() {
        expect(State.HANDOFF);
        clearTransaction();
        state = State.READY;
        return Replies.QUEUE_UNAVAILABLE;
    }

    /** The data ended over the size limit of the transport's line buffer; the session ends. */
    public Reply dataOverflow() {
        state = State.CLOSED;
        return Replies.TOO_BIG.then(Reply.Action.CLOSE);
    }

    private DataEnd refuse(Reply reply) {
        clearTransaction();
        state = State.READY;
        return new DataEnd.Refused(reply);
    }

    private Reply startTls(CommandLine cmd) {
        if (tlsActive) {
            return Replies.TLS_ACTIVE;
        }
        if (!settings.tlsAvailable()) {
            return Replies.NOT_IMPLEMENTED;
        }
        if (cmd.hasArgs()) {
            return Replies.NO_ARGUMENTS;  // RFC 3207 §4: STARTTLS has no parameters
        }
        if (state == State.START) {
            return Replies.NEED_HELO;
        }
        if (state == State.MAIL || state == State.RCPT) {
            return Replies.TLS_IN_TRANSACTION;
        }
        state = State.TLS_PENDING;
        return Replies.READY_FOR_TLS;
    }

    /** RFC 3207 §4.2: after the handshake all knowledge from the client is discarded; a new EHLO is needed. */
    public void tlsStarted() {
        expect(State.TLS_PENDING);
        clearTransaction();
        tlsActive = true;
        helo = null;
        extended = false;
        state = State.START;
    }

    private Reply reset() {
        clearTransaction();
        state = helo == null ? State.START : State.READY;
        return Replies.OK;
    }

    private void clearTransaction() {
        reversePath = null;
        mailParameters = null;
        recipients.clear();
        data = null;
        queueId = null;
    }

    private static Reply noArgs(CommandLine cmd, Supplier<Reply> action) {
        return cmd.hasArgs() ? Replies.NO_ARGUMENTS : action.get();
    }

    private static boolean isProtocolError(Reply reply) {
        int c = reply.code();
        return c == 500 || c == 501 || c == 502 || c == 503 || c == 555;
    }

    private void expect(State expected) {
        if (state != expected) {
            throw new IllegalStateException("expected " + expected + " but was " + state);
        }
    }
}
