package io.postmesh.ingress.smtp.protocol;

/** Syntax checks for the IP address literals of RFC 5321 §4.1.3, without any name resolution. */
public final class IpLiterals {
    private IpLiterals() {}

    /** {@code Snum 3("." Snum)}, Snum = 1*3DIGIT of value 0-255. */
    public static boolean isIpv4(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit) || Integer.parseInt(p) > 255) {
                return false;
            }
        }
        return true;
    }

    /** IPv6-full, IPv6-comp, IPv6v4-full and IPv6v4-comp of RFC 5321 §4.1.3. */
    public static boolean isIpv6(String s) {
        if (s.isEmpty() || s.contains(":::") || s.startsWith(":") && !s.startsWith("::")
                || s.endsWith(":") && !s.endsWith("::")) {
            return false;
        }
        int groups = 8;
        String body = s;
        int lastColon = s.lastIndexOf(':');
        if (lastColon >= 0 && s.indexOf('.', lastColon) > 0) {
            if (!isIpv4(s.substring(lastColon + 1))) {
                return false;
            }
            groups = 6;
            body = s.substring(0, lastColon + 1) + "0";  // stand-in group so the split below stays simple
            groups++;
        }
        int compressed = body.indexOf("::");
        if (compressed >= 0 && body.indexOf("::", compressed + 1) >= 0) {
            return false;
        }
        String[] parts = body.split(":", -1);
        int count = 0;
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i];
            if (p.isEmpty()) {
                boolean partOfCompression = compressed >= 0;
                if (!partOfCompression) {
                    return false;
                }
                continue;
            }
            if (p.length() > 4 || !p.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                return false;
            }
            count++;
        }
        return compressed >= 0 ? count < groups : count == groups;
    }
}
