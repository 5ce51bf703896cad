package io.postmesh.delivery.mtasts;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

/**
 * Fetches {@code https://mta-sts.<domain>/.well-known/mta-sts.txt} as RFC 8461 §3.3 asks: HTTPS with a
 * certificate valid for {@code mta-sts.<domain>} (host name verification on), no redirects, only a 200 with
 * media type {@code text/plain}, and at most {@link #MAX_BODY} bytes (§3.3 suggests 64 KB). The policy host's
 * address comes from our own resolver ({@link StsDns}); the request still names the host for SNI, the Host
 * header and the certificate check.
 */
public final class PolicyFetcher {
    /** Largest policy body accepted (RFC 8461 §3.3: "a reasonable maximum" of 64 kilobytes). */
    public static final int MAX_BODY = 64 * 1024;
    static final String PATH = "/.well-known/mta-sts.txt";

    private final Vertx vertx;
    private final HttpClient client;
    private final StsDns dns;
    private final int port;
    private final Duration timeout;

    /**
     * @param client an HTTPS client with host verification on and redirects off ({@link MtaStsBeans} builds it)
     * @param port   443 in production; the test policy server's port in tests
     */
    PolicyFetcher(Vertx vertx, HttpClient client, StsDns dns, int port, Duration timeout) {
        this.vertx = vertx;
        this.client = client;
        this.dns = dns;
        this.port = port;
        this.timeout = timeout;
    }

    /** The policy body, or a failed future whose message says why the fetch failed. */
    Future<String> fetch(String domain) {
        String host = "mta-sts." + domain;
        return Future.fromCompletionStage(dns.addresses(host), vertx.getOrCreateContext()).compose(addresses -> {
            if (addresses.isEmpty()) {
                return Future.failedFuture("no address for " + host);
            }
            return get(host, addresses.get(0));
        });
    }

    private Future<String> get(String host, InetAddress address) {
        RequestOptions request = new RequestOptions()
                .setMethod(HttpMethod.GET)
                .setHost(host)
                .setPort(port)
                .setServer(SocketAddress.inetSocketAddress(port, address.getHostAddress()))
                .setURI(PATH)
                .setSsl(true)
                .setFollowRedirects(false)
                .setTimeout(timeout.toMillis());
        return client.request(request)
                .compose(req -> req.send())
                .compose(this::readBody);
    }

    private Future<String> readBody(HttpClientResponse response) {
        if (response.statusCode() != 200) {
            // §3.3: "HTTP 3xx redirects MUST NOT be followed"; anything but 200 means no policy.
            discard(response);
            return Future.failedFuture("HTTP " + response.statusCode() + " from the policy host");
        }
        String type = response.getHeader(HttpHeaders.CONTENT_TYPE);
        String mediaType = type == null ? "" : type.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        if (!mediaType.equals("text/plain")) {
            discard(response);
            return Future.failedFuture("media type is not text/plain: " + type);
        }
        Promise<String> body = Promise.promise();
        Buffer received = Buffer.buffer();
        response.handler(chunk -> {
            if (received.length() + chunk.length() > MAX_BODY) {
                if (body.tryFail("policy body larger than " + MAX_BODY + " bytes")) {
                    discard(response);
                }
                return;
            }
            received.appendBuffer(chunk);
        });
        response.exceptionHandler(error -> body.tryFail(error));
        response.endHandler(done -> body.tryComplete(received.toString(StandardCharsets.UTF_8)));
        return body.future();
    }

    /** Drops the connection instead of reading a body we will not use (it may be large). */
    private static void discard(HttpClientResponse response) {
        response.exceptionHandler(ignored -> { });
        response.request().reset();
    }
}
