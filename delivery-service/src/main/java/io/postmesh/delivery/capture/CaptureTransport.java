package io.postmesh.delivery.capture;

import io.postmesh.delivery.MailTransport;
import io.postmesh.delivery.outcome.Attempt;
import io.postmesh.delivery.outcome.OutcomeClassifier;
import io.postmesh.model.Envelope;
import io.postmesh.model.Recipient;
import io.postmesh.model.RecipientOutcome;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Mode {@code capture}: no mail leaves the machine. Each job's message goes into the {@link CaptureStore}
 * and every recipient counts as delivered by the pseudo-MTA {@code capture}.
 */
public final class CaptureTransport implements MailTransport {
    public static final String REMOTE_MTA = "capture";

    private final CaptureStore store;
    private final Clock clock;

    public CaptureTransport(CaptureStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    @Override
    public Future<Attempt> deliver(Envelope job, List<Recipient> recipients, byte[] message) {
        Instant now = clock.instant();
        String id = UUID.randomUUID().toString();
        CapturedMessage captured = new CapturedMessage(id, job.queueId(), now, job.reversePath(),
                recipients.stream().map(Recipient::address).toList(), HeaderSection.parse(message),
                new String(message, StandardCharsets.UTF_8), message.length);
        String reply = "250 2.0.0 captured as " + id;
        List<RecipientOutcome> outcomes = recipients.stream()
                .map(r -> OutcomeClassifier.delivered(r.address(), "2.0.0", reply, REMOTE_MTA, now))
                .toList();
        return Future.fromCompletionStage(store.add(captured).subscribeAsCompletionStage())
                .map(v -> new Attempt(outcomes, REMOTE_MTA, reply));
    }
}
