package io.postmesh.testing.otlp;

import java.util.List;
import java.util.Map;

/**
 * A span as an {@link OtlpReceiver} received it, flattened for assertions.
 *
 * @param serviceName  the resource attribute {@code service.name} ("" if absent)
 * @param traceId      32 lower-case hex digits
 * @param spanId       16 lower-case hex digits
 * @param parentSpanId 16 lower-case hex digits, or "" for a root span
 * @param name         the span name, e.g. {@code "delivery attempt"}
 * @param kind         {@code INTERNAL}, {@code SERVER}, {@code CLIENT}, {@code PRODUCER}, {@code CONSUMER}
 *                     (the names of {@code io.opentelemetry.api.trace.SpanKind}), or {@code UNSPECIFIED}
 * @param attributes   the span's attributes, every value rendered as a string
 * @param linkedTraceIds trace ids of the span's links (e.g. an async bounce linking to its message's trace)
 */
public record ReceivedSpan(String serviceName, String traceId, String spanId, String parentSpanId, String name,
                           String kind, Map<String, String> attributes, List<String> linkedTraceIds) {

    /** A span without links. */
    public ReceivedSpan(String serviceName, String traceId, String spanId, String parentSpanId, String name,
                        String kind, Map<String, String> attributes) {
        this(serviceName, traceId, spanId, parentSpanId, name, kind, attributes, List.of());
    }

    public ReceivedSpan {
        linkedTraceIds = linkedTraceIds == null ? List.of() : List.copyOf(linkedTraceIds);
        attributes = Map.copyOf(attributes);
    }

    /** Whether this span has no parent. */
    public boolean isRoot() {
        return parentSpanId.isEmpty();
    }
}
