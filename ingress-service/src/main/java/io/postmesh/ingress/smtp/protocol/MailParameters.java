package io.postmesh.ingress.smtp.protocol;

import io.postmesh.model.Envelope.Ret;
import java.util.Locale;
import java.util.Map;

/**
 * The parameters of MAIL FROM that ingress supports.
 *
 * @param size         RFC 1870 SIZE declared by the client, or -1 when absent
 * @param eightBitMime RFC 6152 {@code BODY=8BITMIME} (false for {@code 7BIT} or absent)
 * @param smtpUtf8     RFC 6531 §3.4 {@code SMTPUTF8}
 * @param ret          RFC 3461 §4.3 RET, or null
 * @param envId        RFC 3461 §4.4 ENVID as received (xtext), or null
 * @param requireTls   RFC 8689 §4.1 {@code REQUIRETLS} (the session accepts it only under TLS)
 */
public record MailParameters(long size, boolean eightBitMime, boolean smtpUtf8, Ret ret, String envId,
                             boolean requireTls) {
    private static final int MAX_ENVID = 100;  // RFC 3461 §4.4

    public static final MailParameters NONE = new MailParameters(-1, false, false, null, null, false);

    public MailParameters(long size, boolean eightBitMime, boolean smtpUtf8, Ret ret, String envId) {
        this(size, eightBitMime, smtpUtf8, ret, envId, false);
    }

    public static MailParameters parse(String text) throws SmtpSyntaxException {
        long size = -1;
        boolean eightBit = false;
        boolean utf8 = false;
        Ret ret = null;
        String envId = null;
        boolean requireTls = false;
        for (Map.Entry<String, String> p : EsmtpParameters.split(text).entrySet()) {
            String value = p.getValue();
            switch (p.getKey()) {
                case "SIZE" -> size = size(value);
                case "BODY" -> eightBit = body(value);
                case "SMTPUTF8" -> {
                    if (value != null) {
                        throw EsmtpParameters.syntax("Error: SMTPUTF8 takes no value");
                    }
                    utf8 = true;
                }
                case "RET" -> ret = ret(value);
                case "ENVID" -> {
                    if (value == null || value.length() > MAX_ENVID || !Xtext.valid(value)) {
                        throw EsmtpParameters.syntax("Error: bad ENVID value");
                    }
                    envId = value;
                }
                case "REQUIRETLS" -> {
                    if (value != null) {
                        throw EsmtpParameters.syntax("Error: REQUIRETLS takes no value");
                    }
                    requireTls = true;
                }
                case "AUTH" -> {
                    // RFC 4954 §5: the original submitter, as xtext. We do not trust it (we only record the
                    // identity the client itself authenticated as), but a client may send it.
                    if (value == null || !Xtext.valid(value)) {
                        throw EsmtpParameters.syntax("Error: bad AUTH value");
                    }
                }
                default -> throw EsmtpParameters.unsupported(p.getKey());
            }
        }
        return new MailParameters(size, eightBit, utf8, ret, envId, requireTls);
    }

    private static long size(String value) throws SmtpSyntaxException {
        // RFC 1870 §3: size-value ::= 1*20DIGIT
        if (value == null || value.length() > 20 || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw EsmtpParameters.syntax("Error: bad SIZE value");
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException tooLarge) {
            return Long.MAX_VALUE;
        }
    }

    private static boolean body(String value) throws SmtpSyntaxException {
        String v = value == null ? "" : value.toUpperCase(Locale.ROOT);
        return switch (v) {
            case "7BIT" -> false;
            case "8BITMIME" -> true;
            default -> throw EsmtpParameters.syntax("Error: BODY must be 7BIT or 8BITMIME");
        };
    }

    private static Ret ret(String value) throws SmtpSyntaxException {
        String v = value == null ? "" : value.toUpperCase(Locale.ROOT);
        return switch (v) {
            case "FULL" -> Ret.FULL;
            case "HDRS" -> Ret.HDRS;
            default -> throw EsmtpParameters.syntax("Error: RET must be FULL or HDRS");
        };
    }
}
