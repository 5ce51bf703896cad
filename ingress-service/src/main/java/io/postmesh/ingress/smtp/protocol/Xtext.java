package io.postmesh.ingress.smtp.protocol;

/**
 * The xtext encoding of RFC 3461 §4 used by ENVID and ORCPT:
 * {@code xtext = *( xchar / hexchar )}, {@code xchar} any of "!" to "~" except "+" and "=",
 * {@code hexchar = "+" 2(%x30-39 / %x41-46)}.
 */
public final class Xtext {
    private Xtext() {}

    public static boolean valid(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '+') {
                if (i + 2 >= s.length() || !upperHex(s.charAt(i + 1)) || !upperHex(s.charAt(i + 2))) {
                    return false;
                }
                i += 2;
            } else if (c < '!' || c > '~' || c == '=') {
                return false;
            }
        }
        return true;
    }

    /** The decoded text ({@code +2B} becomes "+"); the input must be {@link #valid}. */
    public static String decode(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '+') {
                out.append((char) Integer.parseInt(s.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static boolean upperHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F');
    }
}
