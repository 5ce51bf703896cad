package io.postmesh.testing.otlp;

import com.google.protobuf.InvalidProtocolBufferException;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;

/**
 * An OTLP/HTTP trace receiver (OTLP specification, "OTLP/HTTP"): accepts binary protobuf
 * {@code ExportTraceServiceRequest}s POSTed to {@code /v1/traces} and keeps their spans, so tests
 * check tracing over the protocol the services really use.
 */
public final class OtlpReceiver implements AutoCloseable {
    private static final String TRACES_PATH = "/v1/traces";
    private static final String PROTOBUF = "application/x-protobuf";

    private final HttpServer server;
    private final ExecutorService executor;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition arrived = lock.newCondition();
    private final List<ReceivedSpan> spans = new ArrayList<>();

    private OtlpReceiver(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Listens on a free port of 127.0.0.1. */
    public static OtlpReceiver start() {
        try {
            // Port 0: the kernel picks a free port atomically with the bind.
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 16);
            ExecutorService executor = Executors.newFixedThreadPool(2, runnable -> {
                Thread thread = new Thread(runnable, "otlp-receiver");
                thread.setDaemon(true);
                return thread;
            });
            OtlpReceiver receiver = new OtlpReceiver(server, executor);
            server.createContext("/", receiver::handle);
            server.setExecutor(executor);
            server.start();
            return receiver;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the OTLP receiver", e);
        }
    }

    /** {@code http://127.0.0.1:PORT}; exporters append {@code /v1/traces}. */
    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Every span received so far, in arrival order. */
    public List<ReceivedSpan> spans() {
        lock.lock();
        try {
            return List.copyOf(spans);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until {@code until} holds for the spans received so far and returns them; throws an
     * AssertionError listing them if it does not hold within {@code timeout}.
     */
    public List<ReceivedSpan> awaitSpans(Predicate<List<ReceivedSpan>> until, Duration timeout) {
        long remaining = timeout.toNanos();
        lock.lock();
        try {
            while (true) {
                List<ReceivedSpan> snapshot = List.copyOf(spans);
                if (until.test(snapshot)) {
                    return snapshot;
                }
                if (remaining <= 0) {
                    throw new AssertionError("spans did not match within " + timeout + "; received "
                            + snapshot.size() + ":\n" + describe(snapshot));
                }
                remaining = arrived.awaitNanos(remaining);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for spans; received:\n" + describe(spans), e);
        } finally {
            lock.unlock();
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!exchange.getRequestURI().getPath().endsWith(TRACES_PATH)) {
                reply(exchange, 404, "text/plain", ("only " + TRACES_PATH + " is served").getBytes(StandardCharsets.UTF_8));
                return;
            }
            if (!"POST".equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().set("Allow", "POST");
                reply(exchange, 405, "text/plain", new byte[0]);
                return;
            }
            ExportTraceServiceRequest request;
            try (InputStream body = body(exchange)) {
                request = ExportTraceServiceRequest.parseFrom(body);
            } catch (InvalidProtocolBufferException e) {
                // OTLP/HTTP: a request that cannot be decoded gets 400 and must not be retried.
                reply(exchange, 400, "text/plain", ("not an ExportTraceServiceRequest: " + e.getMessage())
                        .getBytes(StandardCharsets.UTF_8));
                return;
            }
            add(SpanDecoder.decode(request));
            reply(exchange, 200, PROTOBUF, ExportTraceServiceResponse.getDefaultInstance().toByteArray());
        }
    }

    /** The request body, gunzipped when the exporter compressed it (OTLP/HTTP allows gzip). */
    private static InputStream body(HttpExchange exchange) throws IOException {
        String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
        InputStream raw = exchange.getRequestBody();
        return encoding != null && encoding.trim().equalsIgnoreCase("gzip") ? new GZIPInputStream(raw) : raw;
    }

    private static void reply(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        // -1 announces an empty body (Content-Length: 0); 0 would mean chunked.
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private void add(List<ReceivedSpan> received) {
        lock.lock();
        try {
            spans.addAll(received);
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private static String describe(List<ReceivedSpan> spans) {
        StringBuilder text = new StringBuilder();
        for (ReceivedSpan span : spans) {
            text.append("  ").append(span).append('\n');
        }
        return text.toString();
    }

    /** Stops listening at once and ends the handler threads. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
