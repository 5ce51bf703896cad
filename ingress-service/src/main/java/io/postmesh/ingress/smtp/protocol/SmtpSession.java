package io.postmesh.ingress.smtp.protocol;

import io.postmesh.ingress.policy.HookResult;
import io.postmesh.ingress.policy.RcptHook;
import io.postmesh.model.Envelope;
import io.postmesh.model.Recipient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The server side of one SMTP session (RFC 5321 §4.1, §4.3.2) as a pure state machine: commands in,
 * replies out. It never touches a socket; the transport feeds it lines and acts on
 * {@link Reply#action()} and {@link DataEnd}.
 *
 * <p>A command that fails its syntax check never changes the state (RFC 5321 §4.1.1: a rejected command
 * has no effect). After {@link SessionSettings#maxErrors()} protocol errors the session ends with 421, like
 * Postfix's {@code smtpd_hard_error_limit}.
 *
 * <p>Two steps need the transport's help and park the session: AUTH (the transport checks
 * {@link #pendingCredentials()} off the event loop, then calls {@link #authFinished}) and BDAT (the transport
 * reads {@link #chunkRemaining()} octets into {@link #onChunkData}, then calls {@link #chunkFinished}).
 * A third parks MAIL when the tenant has a message rate: the transport takes a token and calls
 * {@link #rateChecked}.
 */
public final class SmtpSession {
    static final int MAX_ERRORS = SessionSettings.DEFAULT_MAX_ERRORS;
    // EHLO/HELO argument: a domain or an address literal; nothing that could break our Received header.
    private static final Pattern HELO_NAME = Pattern.compile("[A-Za-z0-9._:\\-\\[\\]]{1,255}");

    /** Where the session stands. */
    public enum State {
        START, READY, MAIL, RCPT, DATA, HANDOFF, TLS_PENDING, CLOSED,
        /** Waiting for the client's next SASL response line (RFC 4954 §4). */
        AUTH,
        /** Credentials handed to the transport for checking. */
        AUTH_PENDING,
        /** Between BDAT chunks of one transaction (RFC 3030). */
        BDAT,
        /** Reading the octets of one BDAT chunk. */
        CHUNK,
        /** MAIL FROM is valid; the tenant's message rate is being checked. */
        MAIL_PENDING
    }

    private final SessionSettings settings;
    private final RcptHook rcptHook;
    private final Clock clock;
    private final Supplier<String> queueIds;
    private final Predicate<String> rateLimited;

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
    private int messages;
    private String tlsDescription;
    private String tlsProtocol;
    private String tlsCipher;
    private AuthOutcome.Success identity;
    private SaslExchange sasl;
    private SaslCredentials pendingCredentials;
    private final Chunking chunking = new Chunking();

    public SmtpSession(SessionSettings settings, RcptHook rcptHook, Clock clock, Supplier<String> queueIds) {
        this(settings, rcptHook, clock, queueIds, tenant -> false);
    }

    /**
     * @param rateLimited whether a tenant's messages are counted against a rate: if so, a valid MAIL FROM parks
     *                    the session ({@link Reply.Action#CHECK_RATE}) until the transport has a token
     */
    public SmtpSession(SessionSettings settings, RcptHook rcptHook, Clock clock, Supplier<String> queueIds,
                       Predicate<String> rateLimited) {
        this.settings = settings;
        this.rateLimited = rateLimited;
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

    /** The authenticated user, or null. */
    public String authUser() {
        return identity == null ? null : identity.username();
    }

    /** The tenant this session's mail is accounted to: the authenticated user's, else the default tenant. */
    public String tenant() {
        return identity == null || identity.tenant() == null ? Envelope.DEFAULT_TENANT : identity.tenant();
    }

    /** Messages accepted so far in this session. */
    public int messages() {
        return messages;
    }

    /** The opening 220 (RFC 5321 §4.2: no enhanced code before ENHANCEDSTATUSCODES is negotiated). */
    public Reply greeting() {
        return Reply.of(220, null, settings.hostname() + " ESMTP Postmesh");
    }

    /**
     * The client sent something before our greeting (RFC 5321 §4.3.1: it must wait for the 220). Such a client
     * is not speaking SMTP in good faith (a spambot firing its script blind, Postfix postscreen's "pregreet"):
     * nothing it sent is processed and the session ends.
     */
    public Reply earlyTalker() {
        state = State.CLOSED;
        return Replies.EARLY_TALKER;
    }

    /** Handles one command line (without its CRLF). Not to be called in DATA or during the hand-off. */
    public Reply onCommand(byte[] line) {
        if (state == State.DATA || state == State.HANDOFF || state == State.CHUNK || state == State.AUTH_PENDING
                || state == State.MAIL_PENDING) {
            throw new IllegalStateException("command while " + state);
        }
        if (state == State.TLS_PENDING || state == State.CLOSED) {
            state = State.CLOSED;
            return Replies.PIPELINED_AFTER_STARTTLS;
        }
        Reply reply;
        try {
            reply = state == State.AUTH ? saslResponse(line) : dispatch(CommandLine.parse(line));
        } catch (SmtpSyntaxException e) {
            reply = e.reply();
        }
        if (isProtocolError(reply) && ++errors >= settings.maxErrors()) {
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
            case "AUTH" -> auth(cmd);
            case "BDAT" -> bdat(cmd);
            case "EXPN", "ETRN", "TURN", "ATRN" -> Replies.NOT_IMPLEMENTED;
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
        if (state == State.MAIL || state == State.RCPT || state == State.BDAT) {
            return Replies.NESTED_MAIL;
        }
        String args = cmd.argsAfter("FROM:", Replies.MAIL_SYNTAX);
        PathParser.Path path = PathParser.reversePath().parse(args);
        MailParameters params = MailParameters.parse(path.parameters());
        if (params.requireTls() && !tlsActive) {
            // RFC 8689 §4: REQUIRETLS is advertised, and so accepted, only on TLS sessions.
            return EsmtpParameters.unsupported("REQUIRETLS").reply();
        }
        if (settings.authRequired() && identity == null) {
            // RFC 6409 §4.3: submission needs an authenticated client; AUTH needs TLS first.
            return tlsActive ? Replies.AUTH_REQUIRED : Replies.STARTTLS_FIRST;
        }
        if (params.size() > settings.maxMessageSize()) {
            return Replies.TOO_BIG;  // RFC 1870 §6.1
        }
        if (!path.isNull() && !path.mailbox().ascii() && !params.smtpUtf8()) {
            return Replies.NEEDS_SMTPUTF8;
        }
        reversePath = path.mailbox();
        mailParameters = params;
        if (rateLimited.test(tenant())) {
            // Checked here, where the tenant is known and before any data is sent (Postfix's anvil rates count
            // MAIL FROM too): a client over its rate does not upload a message only to have it refused.
            state = State.MAIL_PENDING;
            return Replies.SENDER_OK.then(Reply.Action.CHECK_RATE);
        }
        state = State.MAIL;
        return Replies.SENDER_OK;
    }

    /** The transport's verdict on the tenant's rate for the pending MAIL FROM: the reply to send. */
    public Reply rateChecked(boolean allowed) {
        expect(State.MAIL_PENDING);
        if (allowed) {
            state = State.MAIL;
            return Replies.SENDER_OK;
        }
        clearTransaction();
        state = State.READY;
        return Replies.RATE_LIMITED;
    }

    private Reply rcpt(CommandLine cmd) throws SmtpSyntaxException {
        if (state == State.START) {
            return Replies.NEED_HELO;
        }
        if (state == State.BDAT) {
            return Replies.RCPT_AFTER_BDAT;
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
        // An authenticated client may relay anywhere (Postfix's permit_sasl_authenticated).
        if (postmaster == null && identity == null
                && rcptHook.onRcpt(settings.clientAddress(), mailbox) != HookResult.OK) {
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
        if (state == State.BDAT) {
            return Replies.DATA_AFTER_BDAT;  // RFC 3030 §3: no DATA once BDAT has begun
        }
        data = new DataReader(receivedHeader(), settings.maxMessageSize(), mailParameters.size());
        state = State.DATA;
        return Replies.START_DATA;
    }

    /** Draws the queue id and writes our Received header (RFC 5321 §4.4) for the message now starting. */
    private byte[] receivedHeader() {
        queueId = queueIds.get();
        String received = ReceivedHeader.format(helo, settings.clientAddress(), tlsDescription, settings.hostname(),
                ReceivedHeader.protocol(extended, tlsActive, mailParameters.smtpUtf8(), identity != null), queueId,
                recipients.size() == 1 ? recipients.get(0).address() : null, ZonedDateTime.now(clock));
        return received.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Takes message data as it arrives from the wire, {@code src[from, to)}, in pieces of any size.
     *
     * @return the index just after the end-of-data mark (CRLF "." CRLF) if it is among these bytes, after which
     *         {@link #endOfData()} says how the data ended; -1 while the data goes on
     */
    public int onData(byte[] src, int from, int to) {
        if (state != State.DATA) {
            throw new IllegalStateException("data while " + state);
        }
        return data.read(src, from, to);
    }

    /** The end-of-data mark was read: the data is refused (too big, bare line endings) or ready for hand-off. */
    public DataEnd endOfData() {
        expect(State.DATA);
        DataReader read = data;
        data = null;
        if (read.tooBig()) {
            return refuse(Replies.TOO_BIG);
        }
        if (read.bareLineEnding()) {
            return refuse(Replies.BARE_LINE_ENDING);
        }
        return complete(read.bytes());
    }

    private DataEnd complete(byte[] content) {
        AcceptedMessage message = new AcceptedMessage(queueId, reversePath == null ? "" : reversePath.address(),
                recipients, mailParameters, helo, settings.clientAddress(), tlsActive, content,
                authUser(), identity == null ? null : identity.tenant(), tlsProtocol, tlsCipher);
        state = State.HANDOFF;
        return new DataEnd.Complete(message);
    }

    /** The hand-off is durable: RFC 5321 §4.1.1.4, the transaction ends with 250. */
    public Reply handedOff(String id) {
        expect(State.HANDOFF);
        clearTransaction();
        state = State.READY;
        messages++;
        return Replies.queued(id);
    }

    /** The hand-off failed: 451, the transaction is cleared and the client may try again. */
    public Reply handoffFailed() {
        expect(State.HANDOFF);
        clearTransaction();
        state = State.READY;
        return Replies.QUEUE_UNAVAILABLE;
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
        if (state == State.MAIL || state == State.RCPT || state == State.BDAT) {
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
        identity = null;
        state = State.START;
    }

    /** The negotiated TLS protocol and cipher, for the Received header ("TLSv1.3 with cipher X"). */
    public void tlsDetails(String protocol, String cipher) {
        tlsDescription = protocol + " with cipher " + cipher;
        tlsProtocol = protocol;
        tlsCipher = cipher;
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
        chunking.clear();
    }

    // --- AUTH (RFC 4954)

    private Reply auth(CommandLine cmd) throws SmtpSyntaxException {
        if (!settings.authOffered()) {
            return Replies.NOT_IMPLEMENTED;
        }
        if (state == State.START || !extended) {
            return Replies.NEED_HELO;  // §4: AUTH is an ESMTP extension, after EHLO
        }
        if (!tlsActive) {
            return Replies.AUTH_NEEDS_TLS;  // §6 538; we offer only plaintext mechanisms
        }
        if (identity != null) {
            return Replies.ALREADY_AUTHENTICATED;  // §4: only one successful AUTH per session
        }
        if (state != State.READY) {
            return Replies.TLS_IN_TRANSACTION;  // §4: not during a mail transaction
        }
        String[] parts = cmd.args().split(" ", -1);
        if (!cmd.hasArgs() || parts.length > 2) {
            return Replies.AUTH_SYNTAX;
        }
        SaslExchange exchange = SaslExchange.forMechanism(parts[0]);
        SaslExchange.Step step = exchange.start(parts.length == 2 ? parts[1] : null);
        sasl = exchange;
        return next(step);
    }

    private Reply saslResponse(byte[] line) {
        String text = new String(line, StandardCharsets.US_ASCII).strip();
        state = State.READY;
        if (text.equals("*")) {
            sasl = null;
            return Replies.AUTH_CANCELLED;  // §4: the client cancelled
        }
        try {
            return next(sasl.respond(text));
        } catch (SmtpSyntaxException e) {
            sasl = null;
            return e.reply();
        }
    }

    private Reply next(SaslExchange.Step step) {
        if (step.challenge() != null) {
            state = State.AUTH;
            return step.challenge();
        }
        sasl = null;
        pendingCredentials = step.credentials();
        state = State.AUTH_PENDING;
        return Replies.AUTH_OK.then(Reply.Action.AUTHENTICATE);
    }

    /** The credentials of the AUTH exchange now waiting for a verdict. */
    public SaslCredentials pendingCredentials() {
        expect(State.AUTH_PENDING);
        return pendingCredentials;
    }

    /** The transport's verdict on {@link #pendingCredentials()}: the reply to send. */
    public Reply authFinished(AuthOutcome outcome) {
        expect(State.AUTH_PENDING);
        pendingCredentials = null;
        state = State.READY;
        Reply reply;
        if (outcome instanceof AuthOutcome.Success success) {
            identity = success;
            reply = Replies.AUTH_OK;
        } else if (outcome instanceof AuthOutcome.Throttled) {
            reply = Replies.AUTH_THROTTLED;
        } else if (outcome instanceof AuthOutcome.Unavailable) {
            reply = Replies.AUTH_UNAVAILABLE;
        } else if (outcome instanceof AuthOutcome.Locked) {
            reply = Replies.AUTH_LOCKED;
        } else {
            reply = Replies.AUTH_FAILED;
        }
        if (reply.action() == Reply.Action.CLOSE) {
            state = State.CLOSED;
        }
        return reply;
    }

    // --- BDAT (RFC 3030)

    private Reply bdat(CommandLine cmd) {
        Chunking.Command chunk = Chunking.parse(cmd.args());
        if (chunk == null) {
            return Replies.BDAT_SYNTAX;  // no size: we cannot know how many octets to skip
        }
        Reply refusal = switch (state) {
            case START -> Replies.NEED_HELO;
            case READY -> Replies.NEED_MAIL;
            case MAIL -> Replies.NEED_RCPT;
            default -> null;
        };
        if (refusal == null && state == State.RCPT) {
            chunking.begin(new ChunkReader(receivedHeader(), settings.maxMessageSize()));
        }
        if (refusal == null && chunking.reader().wouldExceed(chunk.size())) {
            refusal = Replies.TOO_BIG;  // §3: may be refused at the chunk that goes over the limit
        }
        chunking.startChunk(chunk, refusal, state);
        state = State.CHUNK;
        return Replies.READ_CHUNK;
    }

    /** Octets of the current BDAT chunk still to be read. */
    public long chunkRemaining() {
        return chunking.remaining();
    }

    /** Takes octets of the current chunk (at most {@link #chunkRemaining()}). */
    public void onChunkData(byte[] bytes) {
        expect(State.CHUNK);
        chunking.take(bytes);
    }

    /** The chunk has been read: its reply, or the complete message after BDAT LAST. */
    public DataEnd chunkFinished() {
        expect(State.CHUNK);
        Reply refusal = chunking.refusal();
        if (refusal != null) {
            // §3: a refused chunk is read and dropped; one over the size limit ends the transaction.
            if (refusal == Replies.TOO_BIG) {
                clearTransaction();
                state = State.READY;
            } else {
                state = chunking.stateBefore();
            }
            return new DataEnd.Chunk(refusal);
        }
        ChunkReader reader = chunking.reader();
        if (!chunking.last()) {
            state = State.BDAT;
            return new DataEnd.Chunk(Replies.chunkReceived(chunking.size()));
        }
        if (reader.bareLineEnding(true)) {
            return refuse(Replies.BARE_LINE_ENDING);
        }
        return complete(reader.bytes());
    }

    private static Reply noArgs(CommandLine cmd, Supplier<Reply> action) {
        return cmd.hasArgs() ? Replies.NO_ARGUMENTS : action.get();
    }

    private static boolean isProtocolError(Reply reply) {
        int c = reply.code();
        return c == 500 || c == 501 || c == 502 || c == 503 || c == 504 || c == 555;
    }

    private void expect(State expected) {
        if (state != expected) {
            throw new IllegalStateException("expected " + expected + " but was " + state);
        }
    }
}
