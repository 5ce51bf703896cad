package io.postmesh.model;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * VERP reverse paths (variable envelope return path): each delivery job is sent with its own
 * {@code MAIL FROM:<b-<token>-<mac>@bounce.domain>}, so an asynchronous bounce, which goes to the reverse path,
 * says by its envelope recipient alone which job it is about — however badly the bounce itself is written.
 *
 * <p>The MAC (the first {@value #MAC_CHARS} base32 characters of HMAC-SHA256(secret, token)) makes the address
 * tamper-proof: anyone can send mail to the bounce domain, and a forged address must never lead to a
 * suppression. The local part ({@code b-} + {@value #TOKEN_CHARS} + {@code -} + {@value #MAC_CHARS} = 25
 * octets) stays far below the 64-octet limit of RFC 5321 §4.5.3.1.1. Only lower-case base32 (RFC 4648
 * alphabet) is used, so an MTA that changes the case of the local part does not break the address.
 */
public final class Verp {
    /** The local part starts with this and a hyphen. */
    public static final String DEFAULT_PREFIX = "b";
    /** Length of a token from {@link #newToken}: 60 random bits. */
    public static final int TOKEN_CHARS = 12;
    /** Length of the MAC: 50 bits, enough against guessing through a mail server. */
    public static final int MAC_CHARS = 10;
    /** Redis key prefix of the job data stored per token ({@link VerpEntry}). */
    public static final String KEY_PREFIX = "pm:verp:";

    private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
    /** Tokens we accept when parsing: our own are 12 characters; a little slack, never a hyphen. */
    private static final Pattern TOKEN = Pattern.compile("[a-z2-7]{1,32}");

    private Verp() {}

    /** A fresh random token. */
    public static String newToken(SecureRandom random) {
        byte[] bytes = new byte[8];
        random.nextBytes(bytes);
        return base32(bytes).substring(0, TOKEN_CHARS);
    }

    /** Redis key of the job data of {@code token}. */
    public static String key(String token) {
        return KEY_PREFIX + token;
    }

    /** {@code b-<token>-<mac>@domain}. */
    public static String encode(String secret, String domain, String token) {
        if (secret == null || secret.isEmpty()) {
            throw new IllegalArgumentException("a VERP secret is required");
        }
        if (token == null || !TOKEN.matcher(token).matches()) {
            throw new IllegalArgumentException("not a VERP token: " + token);
        }
        if (domain == null || domain.isBlank()) {
            throw new IllegalArgumentException("a VERP domain is required");
        }
        return DEFAULT_PREFIX + "-" + token + "-" + mac(secret, token) + "@" + domain.strip().toLowerCase(Locale.ROOT);
    }

    /**
     * The token of {@code address} if it is a VERP address of {@code domain} (case-insensitive, a trailing dot
     * ignored) whose MAC verifies under {@code secret}; empty for anything else, garbage included.
     */
    public static Optional<String> parse(String secret, String domain, String address) {
        if (secret == null || secret.isEmpty() || domain == null || domain.isBlank() || address == null) {
            return Optional.empty();
        }
        String a = address.strip();
        if (a.startsWith("<") && a.endsWith(">")) {
            a = a.substring(1, a.length() - 1);
        }
        int at = a.lastIndexOf('@');
        if (at <= 0 || !Addresses.domainOf(a).equals(Addresses.domainOf("x@" + domain.strip()))) {
            return Optional.empty();
        }
        String local = a.substring(0, at).toLowerCase(Locale.ROOT);
        String prefix = DEFAULT_PREFIX + "-";
        int lastHyphen = local.lastIndexOf('-');
        if (!local.startsWith(prefix) || lastHyphen < prefix.length()) {
            return Optional.empty();
        }
        String token = local.substring(prefix.length(), lastHyphen);
        String mac = local.substring(lastHyphen + 1);
        if (!TOKEN.matcher(token).matches() || mac.length() != MAC_CHARS) {
            return Optional.empty();
        }
        // Constant time: how far a guess matched must not show in how long the answer took.
        boolean valid = MessageDigest.isEqual(mac(secret, token).getBytes(StandardCharsets.US_ASCII),
                mac.getBytes(StandardCharsets.US_ASCII));
        return valid ? Optional.of(token) : Optional.empty();
    }

    static String mac(String secret, String token) {
        try {
            Mac hmac = Mac.getInstance("HmacSHA256");
            hmac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return base32(hmac.doFinal(token.getBytes(StandardCharsets.US_ASCII))).substring(0, MAC_CHARS);
        } catch (GeneralSecurityException e) {
            // HmacSHA256 is a mandatory JCA algorithm; this cannot happen on a conforming JRE.
            throw new IllegalStateException(e);
        }
    }

    /** RFC 4648 base32, lower case, without padding. */
    static String base32(byte[] bytes) {
        StringBuilder out = new StringBuilder((bytes.length * 8 + 4) / 5);
        int buffer = 0;
        int bits = 0;
        for (byte b : bytes) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                out.append(ALPHABET[(buffer >> (bits - 5)) & 31]);
                bits -= 5;
            }
        }
        if (bits > 0) {
            out.append(ALPHABET[(buffer << (5 - bits)) & 31]);
        }
        return out.toString();
    }
}
