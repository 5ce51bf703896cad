package io.postmesh.bounce.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@code Postmesh-Signature} header: {@code t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>." + body)>}.
 * The timestamp is inside the MAC, so a receiver that rejects old timestamps also rejects replayed requests;
 * {@code v1} names the scheme so a later one can be sent beside it. Receivers use {@link #verify}.
 */
public final class WebhookSigner {
    /** The HTTP header carrying the signature. */
    public static final String HEADER = "Postmesh-Signature";
    /** How old a signature a receiver should accept by default (clock skew plus the time a request may take). */
    public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

    private static final String ALGORITHM = "HmacSHA256";
    private static final HexFormat HEX = HexFormat.of();

    private WebhookSigner() {}

    /** The header value for {@code body} signed at {@code now}. */
    public static String sign(String secret, byte[] body, Instant now) {
        long t = now.getEpochSecond();
        return "t=" + t + ",v1=" + HEX.formatHex(mac(secret, t, body));
    }

    /**
     * Whether {@code header} holds a v1 signature of {@code body} by {@code secret} made at most
     * {@code tolerance} away from {@code now}. Several v1 entries may be present (e.g. while a secret is
     * rotated); one match is enough. Comparison is constant-time.
     */
    public static boolean verify(String secret, String header, byte[] body, Instant now, Duration tolerance) {
        if (header == null) {
            return false;
        }
        Long t = null;
        List<String> candidates = new ArrayList<>();
        for (String part : header.split(",")) {
            int eq = part.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String key = part.substring(0, eq).trim();
            String value = part.substring(eq + 1).trim();
            if (key.equals("t")) {
                try {
                    t = Long.parseLong(value);
                } catch (NumberFormatException e) {
                    return false;
                }
            } else if (key.equals("v1")) {
                candidates.add(value);
            }
        }
        if (t == null || candidates.isEmpty()
                || Math.abs(now.getEpochSecond() - t) > tolerance.toSeconds()) {
            return false;
        }
        byte[] expected = mac(secret, t, body);
        boolean match = false;
        for (String candidate : candidates) {
            byte[] given;
            try {
                given = HEX.parseHex(candidate.toLowerCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                continue;
            }
            // No early exit: every candidate is compared, each in constant time.
            match |= MessageDigest.isEqual(expected, given);
        }
        return match;
    }

    static byte[] mac(String secret, long t, byte[] body) {
        byte[] prefix = (t + ".").getBytes(StandardCharsets.US_ASCII);
        byte[] signed = new byte[prefix.length + body.length];
        System.arraycopy(prefix, 0, signed, 0, prefix.length);
        System.arraycopy(body, 0, signed, prefix.length, body.length);
        return hmacSha256(secret.getBytes(StandardCharsets.UTF_8), signed);
    }

    static byte[] hmacSha256(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(key, ALGORITHM));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            // Every Java runtime must provide HmacSHA256; reaching this is a broken JRE, not bad input.
            throw new IllegalStateException(e);
        }
    }
}
