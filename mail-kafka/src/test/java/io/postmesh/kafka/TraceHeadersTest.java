package io.postmesh.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class TraceHeadersTest {

    @Test
    void injectedContextIsExtractedFromTheSameHeaders() {
        SpanContext sent = SpanContext.create("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7",
                TraceFlags.getSampled(), TraceState.getDefault());
        RecordHeaders headers = new RecordHeaders();

        TraceHeaders.inject(Context.root().with(Span.wrap(sent)), headers);

        assertThat(new String(headers.lastHeader("traceparent").value(), StandardCharsets.US_ASCII))
                .isEqualTo("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
        SpanContext received = Span.fromContext(TraceHeaders.extract(headers)).getSpanContext();
        assertThat(received.getTraceId()).isEqualTo(sent.getTraceId());
        assertThat(received.getSpanId()).isEqualTo(sent.getSpanId());
        assertThat(received.isRemote()).isTrue();
    }

    @Test
    void injectingTwiceLeavesOneTraceparent() {
        RecordHeaders headers = new RecordHeaders();
        SpanContext first = SpanContext.create("11111111111111111111111111111111", "1111111111111111",
                TraceFlags.getSampled(), TraceState.getDefault());
        SpanContext second = SpanContext.create("11111111111111111111111111111111", "2222222222222222",
                TraceFlags.getSampled(), TraceState.getDefault());
        TraceHeaders.inject(Context.root().with(Span.wrap(first)), headers);
        TraceHeaders.inject(Context.root().with(Span.wrap(second)), headers);

        assertThat(headers.headers("traceparent")).hasSize(1);
        assertThat(Span.fromContext(TraceHeaders.extract(headers)).getSpanContext().getSpanId())
                .isEqualTo("2222222222222222");
    }

    @Test
    void noHeaderMeansNoParent() {
        assertThat(Span.fromContext(TraceHeaders.extract(new RecordHeaders())).getSpanContext().isValid()).isFalse();
    }

    @Test
    void storedTraceparentRoundTrips() {
        SpanContext sent = SpanContext.create("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7",
                TraceFlags.getSampled(), TraceState.getDefault());
        String stored = TraceHeaders.traceparent(sent);
        assertThat(stored).isEqualTo("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
        SpanContext back = TraceHeaders.spanContext(stored);
        assertThat(back.getTraceId()).isEqualTo(sent.getTraceId());
        assertThat(back.getSpanId()).isEqualTo(sent.getSpanId());
        assertThat(back.isRemote()).isTrue();
    }

    @Test
    void missingOrBrokenTraceparentIsAnInvalidContext() {
        assertThat(TraceHeaders.traceparent(SpanContext.getInvalid())).isNull();
        assertThat(TraceHeaders.spanContext(null).isValid()).isFalse();
        assertThat(TraceHeaders.spanContext("nonsense").isValid()).isFalse();
    }
}
