package io.postmesh.ingress.smtp.protocol;

/** A command argument that cannot be accepted; carries the reply to send (the session state is unchanged). */
public final class SmtpSyntaxException extends Exception {
    private final transient Reply reply;

    public SmtpSyntaxException(Reply reply) {
        super(reply.toString(), null, false, false);
        this.reply = reply;
    }

    public SmtpSyntaxException(int code, String enhanced, String text) {
        this(Reply.of(code, enhanced, text));
    }

    public Reply reply() {
        return reply;
    }
}
