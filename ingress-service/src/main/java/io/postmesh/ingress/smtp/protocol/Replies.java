package io.postmesh.ingress.smtp.protocol;

/** The fixed replies of the session, each with its RFC 3463 enhanced status code (RFC 2034). */
public final class Replies {
    public static final Reply OK = Reply.of(250, "2.0.0", "Ok");
    public static final Reply SENDER_OK = Reply.of(250, "2.1.0", "Ok");
    public static final Reply RECIPIENT_OK = Reply.of(250, "2.1.5", "Ok");
    public static final Reply START_DATA = Reply.of(354, null, "End data with <CR><LF>.<CR><LF>");
    public static final Reply BYE = Reply.of(221, "2.0.0", "Bye").then(Reply.Action.CLOSE);
    public static final Reply VRFY = Reply.of(252, "2.5.0",
            "Cannot VRFY user, but will accept message and attempt delivery");
    public static final Reply HELP = Reply.of(214, "2.0.0",
            "Commands: EHLO HELO MAIL RCPT DATA BDAT RSET NOOP QUIT VRFY HELP STARTTLS AUTH");
    public static final Reply READY_FOR_TLS = Reply.of(220, "2.0.0", "Ready to start TLS")
            .then(Reply.Action.START_TLS);

    public static final Reply UNKNOWN_COMMAND = Reply.of(500, "5.5.1", "Error: command not recognized");
    public static final Reply NOT_IMPLEMENTED = Reply.of(502, "5.5.1", "Error: command not implemented");
    public static final Reply LINE_TOO_LONG = Reply.of(500, "5.5.2", "Error: line too long")
            .then(Reply.Action.CLOSE);
    public static final Reply NO_ARGUMENTS = Reply.of(501, "5.5.4", "Syntax error: no arguments allowed");
    public static final Reply HELO_SYNTAX = Reply.of(501, "5.5.4", "Syntax: EHLO hostname");
    public static final Reply MAIL_SYNTAX = Reply.of(501, "5.5.4", "Syntax: MAIL FROM:<address>");
    public static final Reply RCPT_SYNTAX = Reply.of(501, "5.5.4", "Syntax: RCPT TO:<address>");
    public static final Reply VRFY_SYNTAX = Reply.of(501, "5.5.4", "Syntax: VRFY address");
    public static final Reply NULL_RECIPIENT = Reply.of(501, "5.1.3", "Error: bad recipient address syntax");

    public static final Reply NEED_HELO = Reply.of(503, "5.5.1", "Error: send HELO/EHLO first");
    public static final Reply NEED_MAIL = Reply.of(503, "5.5.1", "Error: need MAIL command");
    public static final Reply NEED_RCPT = Reply.of(503, "5.5.1", "Error: need RCPT command");
    public static final Reply NESTED_MAIL = Reply.of(503, "5.5.1", "Error: nested MAIL command");
    public static final Reply TLS_ACTIVE = Reply.of(503, "5.5.1", "Error: TLS already active");
    public static final Reply TLS_IN_TRANSACTION = Reply.of(503, "5.5.1", "Error: MAIL transaction in progress");

    public static final Reply TOO_MANY_RECIPIENTS = Reply.of(452, "4.5.3", "Error: too many recipients");
    public static final Reply RELAY_DENIED = Reply.of(554, "5.7.1", "Error: relay access denied");
    public static final Reply NEEDS_SMTPUTF8 = Reply.of(553, "5.6.7",
            "Error: non-ASCII address requires SMTPUTF8");
    public static final Reply TOO_BIG = Reply.of(552, "5.3.4", "Error: message size exceeds fixed limit");
    public static final Reply BARE_LINE_ENDING = Reply.of(550, "5.5.2",
            "Error: bare <CR> or <LF> in message data (RFC 5321 2.3.8)");
    public static final Reply QUEUE_UNAVAILABLE = Reply.of(451, "4.3.0",
            "Requested action aborted: queue unavailable, try again");
    public static final Reply PIPELINED_AFTER_STARTTLS = Reply.of(554, "5.5.1",
            "Error: commands pipelined after STARTTLS").then(Reply.Action.CLOSE);
    public static final Reply TOO_MANY_ERRORS = Reply.of(421, "4.7.0", "Error: too many errors")
            .then(Reply.Action.CLOSE);


    // RFC 4954 §4 and §6: AUTH.
    public static final Reply AUTH_OK = Reply.of(235, "2.7.0", "Authentication successful");
    public static final Reply AUTH_FAILED = Reply.of(535, "5.7.8", "Error: authentication failed");
    public static final Reply AUTH_UNAVAILABLE = Reply.of(454, "4.7.0", "Temporary authentication failure");
    public static final Reply AUTH_THROTTLED = Reply.of(454, "4.7.0",
            "Error: too many failed authentication attempts, try again later");
    public static final Reply AUTH_LOCKED = Reply.of(421, "4.7.0",
            "Error: too many failed authentication attempts").then(Reply.Action.CLOSE);
    public static final Reply AUTH_NEEDS_TLS = Reply.of(538, "5.7.11",
            "Encryption required for requested authentication mechanism");
    public static final Reply AUTH_REQUIRED = Reply.of(530, "5.7.0", "Authentication required");
    public static final Reply STARTTLS_FIRST = Reply.of(530, "5.7.0", "Must issue a STARTTLS command first");
    public static final Reply ALREADY_AUTHENTICATED = Reply.of(503, "5.5.1", "Error: already authenticated");
    public static final Reply UNKNOWN_MECHANISM = Reply.of(504, "5.5.4",
            "Error: unsupported authentication mechanism");
    public static final Reply AUTH_SYNTAX = Reply.of(501, "5.5.4", "Syntax: AUTH mechanism [initial-response]");
    public static final Reply AUTH_CANCELLED = Reply.of(501, "5.0.0", "Authentication cancelled");
    public static final Reply AUTH_BAD_RESPONSE = Reply.of(501, "5.5.2", "Error: cannot decode response");

    // RFC 3030: BDAT.
    public static final Reply BDAT_SYNTAX = Reply.of(501, "5.5.4", "Syntax: BDAT chunk-size [LAST]");
    public static final Reply DATA_AFTER_BDAT = Reply.of(503, "5.5.1", "Error: DATA not allowed after BDAT");
    public static final Reply RCPT_AFTER_BDAT = Reply.of(503, "5.5.1", "Error: RCPT not allowed after BDAT");
    /** Placeholder of a BDAT command that was accepted: the transport reads the chunk, the reply comes after. */
    public static final Reply READ_CHUNK = Reply.of(250, "2.0.0", "(chunk follows)").then(Reply.Action.READ_CHUNK);

    // Limits.
    public static final Reply TOO_MANY_CONNECTIONS = Reply.of(421, "4.7.0",
            "Error: too many connections, try again later").then(Reply.Action.CLOSE);
    public static final Reply TOO_MANY_CONNECTIONS_FROM_IP = Reply.of(421, "4.7.0",
            "Error: too many connections from your address").then(Reply.Action.CLOSE);
    public static final Reply TIMEOUT = Reply.of(421, "4.4.2", "Error: timeout exceeded").then(Reply.Action.CLOSE);

    /** RFC 3463 §3.8 X.7.1: delivery not authorized; temporary, so the client retries later (Postfix: 451 4.7.1). */
    public static final Reply RATE_LIMITED = Reply.of(451, "4.7.1", "Error: rate limit exceeded, try again later");
    /** RFC 5321 §4.3.1: the client must wait for the greeting; Postfix postscreen's pregreet reply. */
    public static final Reply EARLY_TALKER = Reply.of(554, "5.5.1", "Error: talking before the greeting")
            .then(Reply.Action.CLOSE);

    private Replies() {}

    public static Reply chunkReceived(long octets) {
        return Reply.of(250, "2.0.0", "Ok: " + octets + " octets received");
    }

    public static Reply queued(String queueId) {
        return Reply.of(250, "2.0.0", "Ok: queued as " + queueId);
    }
}
