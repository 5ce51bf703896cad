package io.postmesh.ingress.dkim;

import io.postmesh.ingress.processing.HeaderSection;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Computes a DKIM-Signature field (RFC 6376 §5) with relaxed/relaxed canonicalization. Pure: the key and
 * the time come in, the field goes out; the caller prepends it to the message.
 *
 * <p>Signed fields follow §5.4.1's recommendation: every instance present of {@link #SIGNED}, plus one more
 * {@code from} than there are (§8.15 "over-signing"), so that a From field added in transit breaks the
 * signature instead of being shown to the reader. Multiple instances are signed bottom-up (§5.4.2).
 */
public final class DkimSigner {
    /** RFC 6376 §5.4.1 (and the list in OpenDKIM/Postfix setups): fields a recipient sees or relies on. */
    static final List<String> SIGNED = List.of("from", "reply-to", "subject", "date", "to", "cc",
            "message-id", "in-reply-to", "references", "mime-version", "content-type",
            "content-transfer-encoding", "content-disposition", "sender", "list-id", "list-unsubscribe",
            "list-unsubscribe-post");
    private static final int FOLD = 72;

    private DkimSigner() {}

    /**
     * The {@code DKIM-Signature:} field, ending in CRLF, for {@code message} (its header section and body).
     *
     * @param timestamp the {@code t=} tag, seconds since the epoch (§3.5)
     */
    public static String sign(byte[] message, SigningKey key, long timestamp) throws GeneralSecurityException {
        HeaderSection headers = HeaderSection.parse(message);
        byte[] bodyHash = RelaxedCanonicalization.bodyHash(message, headers.bodyStart(), sha256());

        List<String> signed = new ArrayList<>();
        for (String name : SIGNED) {
            long n = headers.count(name);
            for (long i = 0; i < n; i++) {
                signed.add(name);
            }
        }
        signed.add("from");

        String unsigned = "DKIM-Signature: v=1; a=" + key.algorithm().tag() + "; c=relaxed/relaxed;\r\n"
                + "\td=" + key.domain() + "; s=" + key.selector() + "; t=" + timestamp + ";\r\n"
                + "\th=" + String.join(":", signed) + ";\r\n"
                + "\tbh=" + Base64.getEncoder().encodeToString(bodyHash) + ";\r\n"
                + "\tb=";

        // §3.7: the signed fields in h= order, each canonicalized, then this field with an empty b= and
        // without its final CRLF.
        StringBuilder data = new StringBuilder();
        Map<String, Integer> used = new HashMap<>();
        for (String name : signed) {
            List<HeaderSection.Field> instances = headers.fields().stream().filter(f -> f.is(name)).toList();
            int n = used.merge(name, 1, Integer::sum);
            if (n <= instances.size()) {
                // §5.4.2: the first "from" in h= is the last From field in the message, and so on upwards.
                data.append(RelaxedCanonicalization.header(headers.raw(instances.get(instances.size() - n))));
            }
        }
        String self = RelaxedCanonicalization.header(unsigned.getBytes(StandardCharsets.UTF_8));
        data.append(self, 0, self.length() - 2);

        byte[] signature = key.algorithm().sign(key.key(), data.toString().getBytes(StandardCharsets.UTF_8));
        return unsigned + fold(Base64.getEncoder().encodeToString(signature)) + "\r\n";
    }

    /** Folds the b= value; a verifier ignores whitespace in it (§3.5) and removes it before hashing. */
    private static String fold(String b64) {
        StringBuilder out = new StringBuilder(b64.length() + b64.length() / FOLD * 3);
        for (int i = 0; i < b64.length(); i += FOLD) {
            if (i > 0) {
                out.append("\r\n\t ");
            }
            out.append(b64, i, Math.min(b64.length(), i + FOLD));
        }
        return out.toString();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
