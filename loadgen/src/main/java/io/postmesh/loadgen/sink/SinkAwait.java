package io.postmesh.loadgen.sink;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Polls a running sink's {@code /stats} until it has {@code expected} distinct messages, or until nothing new
 * arrived for {@code quiet} (a pipeline that lost mail must not make the benchmark wait forever).
 */
public final class SinkAwait {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI stats;

    public SinkAwait(String baseUrl) {
        this.stats = URI.create(baseUrl.replaceAll("/+$", "") + "/stats");
    }

    /**
     * The last report seen. Counts the messages of generator run {@code runId} only (all messages when it is
     * null), so stragglers of an earlier run cannot end the wait early.
     */
    public SinkReport await(String runId, long expected, Duration quiet, Duration poll)
            throws IOException, InterruptedException {
        long lastUnique = -1;
        long lastProgress = System.nanoTime();
        while (true) {
            SinkReport report = fetch();
            long unique = runId == null ? report.unique() : report.uniqueOfRun(runId);
            if (unique >= expected) {
                return report;
            }
            if (unique != lastUnique) {
                lastUnique = unique;
                lastProgress = System.nanoTime();
            } else if (System.nanoTime() - lastProgress > quiet.toNanos()) {
                return report;
            }
            Thread.sleep(poll.toMillis());
        }
    }

    public SinkReport fetch() throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(stats).timeout(Duration.ofSeconds(10))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("GET " + stats + " answered " + response.statusCode());
        }
        return SinkReport.fromJson(new JsonObject(response.body()));
    }
}
