package io.postmesh.delivery;

import io.postmesh.delivery.outcome.Attempt;
import io.postmesh.model.Envelope;
import io.postmesh.model.Recipient;
import io.vertx.core.Future;
import java.util.List;

/** How a job's message leaves the pipeline: by MX over SMTP, or into the capture store. */
public interface MailTransport {

    /**
     * Attempts delivery to {@code recipients} (a subset of the job's, those not delivered before).
     * The future fails only for infrastructure trouble on our side (Redis down); a remote failure is an
     * outcome.
     */
    Future<Attempt> deliver(Envelope job, List<Recipient> recipients, byte[] message);
}
