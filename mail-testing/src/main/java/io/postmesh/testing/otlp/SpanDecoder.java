package io.postmesh.testing.otlp;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Flattens an OTLP export request into {@link ReceivedSpan}s (pure logic, no I/O). */
final class SpanDecoder {
    private static final String SERVICE_NAME = "service.name";
    private static final String KIND_PREFIX = "SPAN_KIND_";

    private SpanDecoder() {}

    static List<ReceivedSpan> decode(ExportTraceServiceRequest request) {
        List<ReceivedSpan> spans = new ArrayList<>();
        for (ResourceSpans resourceSpans : request.getResourceSpansList()) {
            String serviceName = serviceName(resourceSpans.getResource());
            for (ScopeSpans scopeSpans : resourceSpans.getScopeSpansList()) {
                for (Span span : scopeSpans.getSpansList()) {
                    spans.add(new ReceivedSpan(serviceName, hex(span.getTraceId()), hex(span.getSpanId()),
                            hex(span.getParentSpanId()), span.getName(), kind(span.getKind()),
                            attributes(span.getAttributesList()),
                            span.getLinksList().stream().map(link -> hex(link.getTraceId())).toList()));
                }
            }
        }
        return spans;
    }

    private static String serviceName(Resource resource) {
        return resource.getAttributesList().stream()
                .filter(attribute -> SERVICE_NAME.equals(attribute.getKey()))
                .map(attribute -> text(attribute.getValue()))
                .findFirst().orElse("");
    }

    /** {@code SPAN_KIND_PRODUCER} → {@code PRODUCER}, matching the Java API's SpanKind names. */
    private static String kind(Span.SpanKind kind) {
        String name = kind == Span.SpanKind.UNRECOGNIZED ? "SPAN_KIND_UNSPECIFIED" : kind.name();
        return name.startsWith(KIND_PREFIX) ? name.substring(KIND_PREFIX.length()) : name;
    }

    private static Map<String, String> attributes(List<KeyValue> keyValues) {
        Map<String, String> attributes = new LinkedHashMap<>();
        for (KeyValue keyValue : keyValues) {
            attributes.put(keyValue.getKey(), text(keyValue.getValue()));
        }
        return attributes;
    }

    /** An attribute value as a string: arrays as "[a, b]", maps as "{k=v}", bytes as hex. */
    static String text(AnyValue value) {
        return switch (value.getValueCase()) {
            case STRING_VALUE -> value.getStringValue();
            case BOOL_VALUE -> Boolean.toString(value.getBoolValue());
            case INT_VALUE -> Long.toString(value.getIntValue());
            case DOUBLE_VALUE -> Double.toString(value.getDoubleValue());
            case BYTES_VALUE -> hex(value.getBytesValue());
            case ARRAY_VALUE -> value.getArrayValue().getValuesList().stream()
                    .map(SpanDecoder::text).collect(Collectors.joining(", ", "[", "]"));
            case KVLIST_VALUE -> value.getKvlistValue().getValuesList().stream()
                    .map(entry -> entry.getKey() + "=" + text(entry.getValue()))
                    .collect(Collectors.joining(", ", "{", "}"));
            default -> "";
        };
    }

    /** Lower-case hex; an empty or all-zero id (OTLP's "no parent") becomes "". */
    private static String hex(ByteString bytes) {
        byte[] raw = bytes.toByteArray();
        for (byte b : raw) {
            if (b != 0) {
                return HexFormat.of().formatHex(raw);
            }
        }
        return "";
    }
}
