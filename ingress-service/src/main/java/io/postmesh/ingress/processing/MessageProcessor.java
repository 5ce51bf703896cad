package io.postmesh.ingress.processing;

import io.postmesh.ingress.config.IngressConfig;
import io.postmesh.ingress.dkim.DkimSigning;
import io.postmesh.ingress.scan.ContentScanner;
import io.postmesh.model.Envelope;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The one processing step every message passes before it is written to Kafka, whichever door it came in by
 * (SMTP now, the HTTP API next) — Postfix's cleanup in our pipeline:
 * <ol>
 *   <li>loop detection: too many Received fields → {@code 554 5.4.6} ({@link HopCount});</li>
 *   <li>for authenticated submission ({@link Envelope#authUser()} set): Date and Message-ID added when
 *       missing (RFC 6409 §8, {@link SubmissionHeaders});</li>
 *   <li>content scanning by rspamd and clamd, per the traffic's policy ({@link ContentScanner});</li>
 *   <li>DKIM signing of mail we originate ({@link DkimSigning}), last, so that it covers the final bytes.</li>
 * </ol>
 * Never blocks the caller: the work on the message bytes runs on a worker thread (a message may be 25 MiB),
 * and the returned stage completes there.
 */
@ApplicationScoped
public class MessageProcessor {

    @Inject
    ProcessingConfig config;

    @Inject
    IngressConfig ingress;

    @Inject
    Vertx vertx;

    @Inject
    DkimSigning dkim;

    @Inject
    ContentScanner scanner;

    Clock clock = Clock.systemUTC();

    /**
     * Processes one message.
     *
     * @param envelope the message's envelope (queue id, client, authenticated identity)
     * @param content  the message as it will be stored: CRLF line ends, our Received field on top
     * @return the bytes to hand off, or the reply that refuses the message; fails only on a bug
     */
    public CompletionStage<ProcessingOutcome> process(Envelope envelope, byte[] content) {
        return vertx.executeBlocking(() -> headers(envelope, content), false).toCompletionStage()
                .thenCompose(outcome -> outcome instanceof ProcessingOutcome.Accepted a
                        ? scanner.scan(envelope, a.content()) : done(outcome))
                .thenCompose(outcome -> outcome instanceof ProcessingOutcome.Accepted a
                        ? vertx.executeBlocking(() -> signed(envelope, a.content()), false).toCompletionStage()
                        : done(outcome));
    }

    private ProcessingOutcome signed(Envelope envelope, byte[] content) throws Exception {
        return new ProcessingOutcome.Accepted(dkim.sign(envelope, content));
    }

    /** Step 1: loop detection and the submission fields. */
    ProcessingOutcome headers(Envelope envelope, byte[] content) {
        HeaderSection headers = HeaderSection.parse(content);
        Optional<io.postmesh.model.SmtpReply> loop = HopCount.check(headers, config.maxReceivedHeaders());
        if (loop.isPresent()) {
            return new ProcessingOutcome.Rejected(loop.get());
        }
        if (envelope.authUser() == null) {
            return new ProcessingOutcome.Accepted(content);
        }
        return new ProcessingOutcome.Accepted(SubmissionHeaders.complete(content,
                SubmissionHeaders.messageId(envelope.queueId(), ingress.hostname()),
                ZonedDateTime.now(clock).withZoneSameInstant(ZoneOffset.UTC)));
    }

    static CompletionStage<ProcessingOutcome> done(ProcessingOutcome outcome) {
        return CompletableFuture.completedFuture(outcome);
    }
}
