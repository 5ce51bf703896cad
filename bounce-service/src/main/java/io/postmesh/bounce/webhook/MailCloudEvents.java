package io.postmesh.bounce.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.postmesh.model.MailEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Maps a {@link MailEvent} to a CloudEvents 1.0 JSON document (structured content mode), the body of a webhook
 * request:
 *
 * <pre>{"specversion":"1.0","id":"&lt;32 hex&gt;","source":"/postmesh/&lt;tenant&gt;",
 *  "type":"io.postmesh.mail.delivered","time":"...","subject":"&lt;queue id&gt;",
 *  "datacontenttype":"application/json","data":{ the MailEvent JSON as read from mail.events }}</pre>
 *
 * The id depends only on the event, so every attempt and every redelivery of the same event carries the same
 * id and receivers can deduplicate on it (CloudEvents: source + id identify an event).
 */
public final class MailCloudEvents {
    /** The media type of a structured-mode JSON CloudEvent. */
    public static final String CONTENT_TYPE = "application/cloudevents+json; charset=utf-8";
    /** Prefix of the CloudEvent type; the MailEvent type in lower case follows. */
    public static final String TYPE_PREFIX = "io.postmesh.mail.";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private MailCloudEvents() {}

    /**
     * The CloudEvent for {@code event} of {@code tenant}.
     *
     * @param rawEvent the event's JSON as it was on the topic: it becomes {@code data} unchanged, so fields
     *                 newer than this service reach the receiver too
     */
    public static byte[] toCloudEvent(String tenant, MailEvent event, byte[] rawEvent) {
        JsonNode data;
        try {
            data = MAPPER.readTree(rawEvent);
        } catch (IOException e) {
            throw new IllegalArgumentException("event is not JSON: " + e.getMessage(), e);
        }
        ObjectNode ce = MAPPER.createObjectNode();
        ce.put("specversion", "1.0");
        ce.put("id", id(event));
        ce.put("source", source(tenant));
        ce.put("type", type(event.type()));
        if (event.time() != null) {
            // Instant.toString is RFC 3339 in UTC, the form CloudEvents requires for "time".
            ce.put("time", event.time().toString());
        }
        if (event.queueId() != null) {
            ce.put("subject", event.queueId());
        }
        ce.put("datacontenttype", "application/json");
        ce.set("data", data);
        try {
            return MAPPER.writeValueAsBytes(ce);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code /postmesh/<tenant>}, the tenant as a path segment. */
    public static String source(String tenant) {
        return "/postmesh/" + java.net.URLEncoder.encode(tenant, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** {@code io.postmesh.mail.<type in lower case>}, e.g. {@code io.postmesh.mail.quota_exceeded}. */
    public static String type(MailEvent.EventType type) {
        return TYPE_PREFIX + type.name().toLowerCase(Locale.ROOT);
    }

    /**
     * 128 bits of SHA-256 over queue id, type, attempt, time and recipient: what tells one event from another
     * (MailEvent has no id of its own). The recipient comes last because it is the only field that may contain
     * the separator, so two different events cannot produce the same input.
     */
    public static String id(MailEvent event) {
        String key = nz(event.queueId()) + "|" + event.type() + "|" + event.attempt() + "|"
                + (event.time() == null ? "" : event.time().toString()) + "|" + nz(event.recipient());
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
