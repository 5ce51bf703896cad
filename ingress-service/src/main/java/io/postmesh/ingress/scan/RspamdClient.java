package io.postmesh.ingress.scan;

import io.postmesh.model.Envelope;
import io.postmesh.model.Recipient;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.time.Duration;

/**
 * rspamd's scanning protocol over HTTP (rspamd.com/doc/developers/protocol.html): {@code POST /checkv2} with
 * the message as body and the envelope in request headers ({@code IP}, {@code Helo}, {@code From},
 * {@code Rcpt}, {@code Queue-Id}, {@code User}), answered with JSON. Non-blocking (Vert.x HTTP client).
 */
final class RspamdClient {
    private final HttpClient http;
    private final String url;
    private final long timeoutMillis;

    RspamdClient(Vertx vertx, String url, Duration timeout) {
        this.timeoutMillis = timeout.toMillis();
        this.http = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, timeoutMillis))
                .setKeepAlive(true));
        this.url = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    Future<Verdicts.Spam> check(Envelope envelope, byte[] message) {
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setAbsoluteURI(url + "/checkv2")
                .setIdleTimeout(timeoutMillis)
                .addHeader("Queue-Id", envelope.queueId());
        if (envelope.clientAddress() != null && !envelope.clientAddress().isEmpty()) {
            options.addHeader("IP", envelope.clientAddress());
        }
        if (envelope.heloName() != null) {
            options.addHeader("Helo", envelope.heloName());
        }
        if (!envelope.nullReversePath()) {
            options.addHeader("From", envelope.reversePath());
        }
        for (Recipient r : envelope.recipients()) {
            options.addHeader("Rcpt", r.address());
        }
        if (envelope.authUser() != null) {
            // rspamd applies its settings for authenticated senders (outbound mail) to the message.
            options.addHeader("User", envelope.authUser());
        }
        return http.request(options)
                .compose(request -> request.send(Buffer.buffer(message)))
                .compose(response -> response.body().compose(body -> response.statusCode() == 200
                        ? Future.succeededFuture(parse(body.toJsonObject()))
                        : Future.failedFuture("rspamd answered " + response.statusCode() + ": " + body)));
    }

    static Verdicts.Spam parse(JsonObject json) {
        String action = json.getString("action");
        if (action == null) {
            throw new IllegalArgumentException("rspamd answer without an action: " + json);
        }
        return new Verdicts.Spam(action, json.getDouble("score", 0.0), json.getDouble("required_score", 0.0));
    }

    void close() {
        http.close();
    }
}
