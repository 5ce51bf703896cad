package io.postmesh.ingress.auth;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Pattern;

/** Rules for user names, tenants and passwords of the credential store. */
public final class Usernames {
    // Printable, no white space: a user name is usually a mail address. Compared case-insensitively.
    private static final Pattern USERNAME = Pattern.compile("[\\p{L}\\p{N}!#$%&'*+/=?^_`{|}~.@\\-]{1,254}");
    private static final Pattern TENANT = Pattern.compile("[a-z0-9][a-z0-9._\\-]{0,63}");
    /** bcrypt reads at most 72 bytes of the password; longer ones would silently share a hash. */
    public static final int MAX_PASSWORD_BYTES = 72;

    private Usernames() {}

    /** The stored form of a user name, or null when it is not acceptable. */
    public static String normalise(String username) {
        if (username == null || !USERNAME.matcher(username).matches()) {
            return null;
        }
        return username.toLowerCase(Locale.ROOT);
    }

    public static boolean validTenant(String tenant) {
        return tenant != null && TENANT.matcher(tenant).matches();
    }

    /** Why a password cannot be stored, or null when it can. */
    public static String passwordProblem(String password) {
        if (password == null || password.isEmpty()) {
            return "password must not be empty";
        }
        if (password.getBytes(StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES) {
            return "password must be at most " + MAX_PASSWORD_BYTES + " bytes in UTF-8 (bcrypt's limit)";
        }
        if (password.chars().anyMatch(c -> c == 0)) {
            return "password must not contain NUL";  // RFC 4616 §2: NUL separates the PLAIN fields
        }
        return null;
    }
}
