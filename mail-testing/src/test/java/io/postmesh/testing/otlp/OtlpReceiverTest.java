package io.postmesh.testing.otlp;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Posts OTLP/HTTP protobuf exports, built with the proto builders, to a running receiver. */
class OtlpReceiverTest {
    private static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";
    private static final String ROOT_ID = "b7ad6b7169203331";
    private static final String CHILD_ID = "00f067aa0ba902b7";

    private final HttpClient http = HttpClient.newHttpClient();
    private OtlpReceiver receiver;

    @BeforeEach
    void start() {
        receiver = OtlpReceiver.start();
    }

    @AfterEach
    void stop() {
        receiver.close();
    }

    @Test
    void receivesSpansWithServiceNameIdsKindAndAttributes() throws Exception {
        HttpResponse<byte[]> response = post("/v1/traces", request().toByteArray(), false);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/x-protobuf");
        assertThat(ExportTraceServiceResponse.parseFrom(response.body()).hasPartialSuccess()).isFalse();
        assertThat(receiver.spans()).containsExactly(
                new ReceivedSpan("delivery-service", TRACE_ID, ROOT_ID, "", "delivery attempt", "CONSUMER",
                        Map.of("postmesh.queue_id", "Q1", "postmesh.attempt", "3", "postmesh.final", "true",
                                "postmesh.hosts", "[mx1.example.test, mx2.example.test]")),
                new ReceivedSpan("delivery-service", TRACE_ID, CHILD_ID, ROOT_ID, "mail.deferred publish",
                        "PRODUCER", Map.of()));
        assertThat(receiver.spans().get(0).isRoot()).isTrue();
    }

    @Test
    void acceptsGzipBodiesAndPrefixedPaths() throws Exception {
        HttpResponse<byte[]> response = post("/collector/v1/traces", gzip(request().toByteArray()), true);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(receiver.spans()).extracting(ReceivedSpan::spanId).containsExactly(ROOT_ID, CHILD_ID);
    }

    @Test
    void refusesOtherPathsMethodsAndGarbage() throws Exception {
        assertThat(post("/v1/metrics", request().toByteArray(), false).statusCode()).isEqualTo(404);
        assertThat(http.send(HttpRequest.newBuilder(URI.create(receiver.endpoint() + "/v1/traces")).GET().build(),
                HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(405);
        assertThat(post("/v1/traces", new byte[] {(byte) 0xff, 0x01, 0x02}, false).statusCode()).isEqualTo(400);
        assertThat(receiver.spans()).isEmpty();
    }

    @Test
    void awaitSpansWakesOnArrivalAndFailsListingWhatItHas() throws Exception {
        CompletableFuture<List<ReceivedSpan>> waiting = CompletableFuture.supplyAsync(() ->
                receiver.awaitSpans(spans -> spans.stream().anyMatch(s -> s.kind().equals("PRODUCER")),
                        Duration.ofSeconds(10)));
        post("/v1/traces", request().toByteArray(), false);
        assertThat(waiting.get()).hasSize(2);

        assertThatThrownBy(() -> receiver.awaitSpans(spans -> spans.size() > 2, Duration.ofMillis(100)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("received 2")
                .hasMessageContaining("mail.deferred publish");
    }

    private HttpResponse<byte[]> post(String path, byte[] body, boolean gzip) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(receiver.endpoint() + path))
                .header("Content-Type", "application/x-protobuf")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (gzip) {
            request.header("Content-Encoding", "gzip");
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static ExportTraceServiceRequest request() {
        Span root = Span.newBuilder().setTraceId(id(TRACE_ID)).setSpanId(id(ROOT_ID)).setName("delivery attempt")
                .setKind(Span.SpanKind.SPAN_KIND_CONSUMER)
                .addAttributes(attribute("postmesh.queue_id", AnyValue.newBuilder().setStringValue("Q1")))
                .addAttributes(attribute("postmesh.attempt", AnyValue.newBuilder().setIntValue(3)))
                .addAttributes(attribute("postmesh.final", AnyValue.newBuilder().setBoolValue(true)))
                .addAttributes(attribute("postmesh.hosts", AnyValue.newBuilder().setArrayValue(ArrayValue.newBuilder()
                        .addValues(AnyValue.newBuilder().setStringValue("mx1.example.test"))
                        .addValues(AnyValue.newBuilder().setStringValue("mx2.example.test")))))
                .build();
        Span child = Span.newBuilder().setTraceId(id(TRACE_ID)).setSpanId(id(CHILD_ID)).setParentSpanId(id(ROOT_ID))
                .setName("mail.deferred publish").setKind(Span.SpanKind.SPAN_KIND_PRODUCER).build();
        Resource resource = Resource.newBuilder()
                .addAttributes(attribute("service.name", AnyValue.newBuilder().setStringValue("delivery-service")))
                .build();
        return ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
                .setResource(resource)
                .addScopeSpans(ScopeSpans.newBuilder().addSpans(root).addSpans(child))).build();
    }

    private static KeyValue attribute(String key, AnyValue.Builder value) {
        return KeyValue.newBuilder().setKey(key).setValue(value).build();
    }

    private static ByteString id(String hex) {
        return ByteString.copyFrom(HexFormat.of().parseHex(hex));
    }

    private static byte[] gzip(byte[] raw) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
            zip.write(raw);
        }
        return out.toByteArray();
    }
}
