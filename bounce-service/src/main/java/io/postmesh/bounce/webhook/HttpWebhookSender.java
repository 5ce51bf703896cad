package io.postmesh.bounce.webhook;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Sends webhook requests with the JDK {@link HttpClient}. Chosen over the Vert.x WebClient because the consumer
 * runs on a worker thread and waits for each response anyway (ordered, at-least-once), so a blocking call is the
 * simplest correct form, and it needs no further dependency. Redirects are not followed: a signed request must
 * go only where the tenant configured it, so a 3xx counts as a failed attempt.
 */
public final class HttpWebhookSender implements WebhookSender {
    static final String USER_AGENT = "postmesh-webhooks/1";

    private final HttpClient client;
    private final Duration timeout;

    public HttpWebhookSender(Duration timeout) {
        this.timeout = timeout;
        this.client = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                // HTTP/1.1: no h2c upgrade dance with plain-http receivers; https still negotiates h2 by ALPN.
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    @Override
    public Response post(URI url, byte[] body, String signature) {
        HttpRequest request = HttpRequest.newBuilder(url)
                .timeout(timeout)
                .header("Content-Type", MailCloudEvents.CONTENT_TYPE)
                .header(WebhookSigner.HEADER, signature)
                .header("User-Agent", USER_AGENT)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        try {
            // The response body is not used: only the status decides, so it is discarded unread.
            HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
            return Response.of(response.statusCode());
        } catch (IOException e) {
            return Response.failed(e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Response.failed("interrupted");
        }
    }
}
