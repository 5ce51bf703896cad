package io.postmesh.ingress.smtp.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

/**
 * One SASL exchange of the AUTH command (RFC 4954 §4) for the two mechanisms we offer: PLAIN (RFC 4616) and
 * LOGIN (draft-murchison-sasl-login). Both carry the password in the clear and are offered only under TLS.
 * CRAM-MD5 is not offered: it needs a plaintext-equivalent secret on the server, which bcrypt storage rules out.
 *
 * <p>Each step yields either a challenge (334) to send or the complete credentials; syntax faults throw.
 */
final class SaslExchange {
    static final String MECHANISMS = "PLAIN LOGIN";
    private static final String USERNAME_PROMPT = b64("Username:");
    private static final String PASSWORD_PROMPT = b64("Password:");

    /** The next thing to do: send {@code challenge}, or verify {@code credentials}. */
    record Step(Reply challenge, SaslCredentials credentials) {
        static Step challenge(String text) {
            return new Step(Reply.of(334, null, text), null);
        }

        static Step done(SaslCredentials credentials) {
            return new Step(null, credentials);
        }
    }

    private final boolean plain;
    private String username;

    private SaslExchange(boolean plain) {
        this.plain = plain;
    }

    /** The exchange for a mechanism name (case-insensitive); 504 5.5.4 for one we do not offer. */
    static SaslExchange forMechanism(String name) throws SmtpSyntaxException {
        return switch (name.toUpperCase(Locale.ROOT)) {
            case "PLAIN" -> new SaslExchange(true);
            case "LOGIN" -> new SaslExchange(false);
            default -> throw new SmtpSyntaxException(Replies.UNKNOWN_MECHANISM);
        };
    }

    /** The first step: the initial response of the AUTH command (RFC 4954 §4), or null for none. */
    Step start(String initialResponse) throws SmtpSyntaxException {
        if (initialResponse != null) {
            return respond(initialResponse);
        }
        return Step.challenge(plain ? "" : USERNAME_PROMPT);
    }

    /** Takes one client response line (RFC 4954 §4: base64, or "*" to cancel, handled by the session). */
    Step respond(String line) throws SmtpSyntaxException {
        byte[] decoded = decode(line);
        if (plain) {
            return Step.done(plain(decoded));
        }
        if (username == null) {
            username = utf8(decoded);
            return Step.challenge(PASSWORD_PROMPT);
        }
        return Step.done(new SaslCredentials("", username, utf8(decoded)));
    }

    /** RFC 4616 §2: {@code [authzid] NUL authcid NUL passwd}. */
    static SaslCredentials plain(byte[] message) throws SmtpSyntaxException {
        String text = utf8(message);
        String[] fields = text.split("\u0000", -1);
        if (fields.length != 3 || fields[1].isEmpty()) {
            throw new SmtpSyntaxException(Replies.AUTH_BAD_RESPONSE);
        }
        return new SaslCredentials(fields[0], fields[1], fields[2]);
    }

    /** RFC 4954 §4: a lone "=" is an empty response. */
    static byte[] decode(String line) throws SmtpSyntaxException {
        if (line.equals("=")) {
            return new byte[0];
        }
        try {
            return Base64.getDecoder().decode(line);
        } catch (IllegalArgumentException e) {
            throw new SmtpSyntaxException(Replies.AUTH_BAD_RESPONSE);
        }
    }

    private static String utf8(byte[] bytes) throws SmtpSyntaxException {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new SmtpSyntaxException(Replies.AUTH_BAD_RESPONSE);
        }
    }

    private static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.US_ASCII));
    }
}
