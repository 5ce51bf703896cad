package io.postmesh.bounce.webhook;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;

/**
 * The retry loop for one event: POST, and on anything but 2xx wait as {@link RetrySchedule} says and POST again,
 * until it succeeds or the attempts are used up. Each attempt is signed anew (the timestamp is the sending time,
 * so a slow retry is not rejected as a replay); the body, and with it the CloudEvent id, stays the same.
 * Plain class: the sender, clock and sleeper are passed in, so the loop is tested without HTTP or waiting.
 */
public final class WebhookDelivery {

    /** Waits between attempts; an interruption aborts the delivery (the event is then read again). */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    /**
     * @param delivered whether a 2xx was received
     * @param attempts  requests made
     * @param lastError the error of the last attempt when not delivered
     */
    public record Outcome(boolean delivered, int attempts, String lastError) {}

    private final WebhookSender sender;
    private final RetrySchedule schedule;
    private final Clock clock;
    private final Sleeper sleeper;

    public WebhookDelivery(WebhookSender sender, RetrySchedule schedule, Clock clock, Sleeper sleeper) {
        this.sender = sender;
        this.schedule = schedule;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    /** Delivers {@code body} to {@code url}; throws InterruptedException if stopped while waiting to retry. */
    public Outcome deliver(URI url, String secret, byte[] body) throws InterruptedException {
        int attempt = 0;
        String lastError;
        while (true) {
            attempt++;
            Duration wait = schedule.delayBefore(attempt);
            if (!wait.isZero()) {
                sleeper.sleep(wait);
            }
            WebhookSender.Response response = sender.post(url, body, WebhookSigner.sign(secret, body, clock.instant()));
            if (response.ok()) {
                return new Outcome(true, attempt, null);
            }
            lastError = response.error();
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedException("stopped during webhook attempt " + attempt);
            }
            if (!schedule.hasNext(attempt)) {
                return new Outcome(false, attempt, lastError);
            }
        }
    }
}
