package io.postmesh.delivery.smtp.client;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * The service extensions a server announced in its EHLO reply (RFC 5321 §4.1.1.1: one keyword with
 * optional parameters per line after the first). A server that only answered HELO has none.
 */
public final class ServerCapabilities {
    private final boolean esmtp;
    private final Map<String, String> keywords;

    private ServerCapabilities(boolean esmtp, Map<String, String> keywords) {
        this.esmtp = esmtp;
        this.keywords = keywords;
    }

    /** The capabilities of an HELO-only (RFC 821) server. */
    public static ServerCapabilities none() {
        return new ServerCapabilities(false, Map.of());
    }

    /** Parses the lines of a positive EHLO reply ({@code 250-name greets you}, {@code 250-SIZE 100}, ...). */
    public static ServerCapabilities fromEhlo(List<String> lines) {
        Map<String, String> keywords = new TreeMap<>();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            String rest = line.length() > 4 ? line.substring(4).trim() : "";
            if (rest.isEmpty()) {
                continue;
            }
            int space = rest.indexOf(' ');
            String keyword = (space < 0 ? rest : rest.substring(0, space)).toUpperCase(Locale.ROOT);
            String params = space < 0 ? "" : rest.substring(space + 1).trim();
            keywords.put(keyword, params);
        }
        return new ServerCapabilities(true, Map.copyOf(keywords));
    }

    public boolean esmtp() {
        return esmtp;
    }

    public boolean supports(String keyword) {
        return keywords.containsKey(keyword.toUpperCase(Locale.ROOT));
    }

    /** RFC 2920. */
    public boolean pipelining() {
        return supports("PIPELINING");
    }

    /** RFC 1870 §4: SIZE was announced; its parameter (0 or absent = no fixed limit) is the limit. */
    public boolean size() {
        return supports("SIZE");
    }

    public OptionalLong sizeLimit() {
        String value = keywords.get("SIZE");
        if (value == null || value.isEmpty()) {
            return OptionalLong.empty();
        }
        try {
            long limit = Long.parseLong(value.split(" ")[0]);
            return limit > 0 ? OptionalLong.of(limit) : OptionalLong.empty();
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }
}
