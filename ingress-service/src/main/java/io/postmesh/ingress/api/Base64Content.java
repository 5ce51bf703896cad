package io.postmesh.ingress.api;

import java.util.Base64;

/**
 * Strict base64 (RFC 4648 §4) for attachment content. Line breaks and spaces, which encoders commonly insert,
 * are allowed; any other character outside the alphabet, or wrong padding, is an error — the lenient MIME
 * decoder would skip it and attach a silently corrupted file. Pure.
 */
final class Base64Content {
    private Base64Content() {}

    static byte[] decode(String content, String field) {
        StringBuilder compact = new StringBuilder(content.length());
        for (int i = 0; i < content.length(); i++) {
            char c = content.charAt(i);
            if (c != '\r' && c != '\n' && c != ' ' && c != '\t') {
                compact.append(c);
            }
        }
        try {
            return Base64.getDecoder().decode(compact.toString());
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest(field, "bad-base64", "not valid base64 (RFC 4648 §4): " + e.getMessage());
        }
    }
}
