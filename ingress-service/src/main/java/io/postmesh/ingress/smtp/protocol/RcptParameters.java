package io.postmesh.ingress.smtp.protocol;

import io.postmesh.model.Recipient.Notify;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The RFC 3461 parameters of RCPT TO.
 *
 * @param notifyOn NOTIFY keywords (§4.1); empty when absent
 * @param orcpt  ORCPT as received, {@code addr-type ";" xtext} (§4.2), or null
 */
public record RcptParameters(Set<Notify> notifyOn, String orcpt) {
    private static final int MAX_ORCPT = 500;  // RFC 3461 §4.2

    public RcptParameters {
        notifyOn = Set.copyOf(notifyOn);
    }

    public static RcptParameters parse(String text) throws SmtpSyntaxException {
        Set<Notify> notify = EnumSet.noneOf(Notify.class);
        String orcpt = null;
        for (Map.Entry<String, String> p : EsmtpParameters.split(text).entrySet()) {
            switch (p.getKey()) {
                case "NOTIFY" -> notify = notify(p.getValue());
                case "ORCPT" -> orcpt = orcpt(p.getValue());
                default -> throw EsmtpParameters.unsupported(p.getKey());
            }
        }
        return new RcptParameters(notify, orcpt);
    }

    private static Set<Notify> notify(String value) throws SmtpSyntaxException {
        if (value == null) {
            throw EsmtpParameters.syntax("Error: NOTIFY needs a value");
        }
        Set<Notify> out = EnumSet.noneOf(Notify.class);
        for (String word : value.toUpperCase(Locale.ROOT).split(",", -1)) {
            try {
                if (!out.add(Notify.valueOf(word))) {
                    throw EsmtpParameters.syntax("Error: repeated NOTIFY keyword");
                }
            } catch (IllegalArgumentException e) {
                throw EsmtpParameters.syntax("Error: bad NOTIFY keyword");
            }
        }
        // §4.1: NEVER must not be combined with any other keyword.
        if (out.contains(Notify.NEVER) && out.size() > 1) {
            throw EsmtpParameters.syntax("Error: NOTIFY=NEVER cannot be combined");
        }
        return out;
    }

    private static String orcpt(String value) throws SmtpSyntaxException {
        int semi = value == null ? -1 : value.indexOf(';');
        if (semi <= 0 || value.length() > MAX_ORCPT) {
            throw EsmtpParameters.syntax("Error: bad ORCPT value");
        }
        String type = value.substring(0, semi);
        String address = value.substring(semi + 1);
        // addr-type is an atom (RFC 3461 §4.2); the address is xtext and not empty
        boolean atom = type.chars().allMatch(c -> Character.isLetterOrDigit(c) && c < 0x80 || c == '-');
        if (!atom || address.isEmpty() || !Xtext.valid(address)) {
            throw EsmtpParameters.syntax("Error: bad ORCPT value");
        }
        return value;
    }
}
