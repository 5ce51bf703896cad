package io.postmesh.delivery.pool;

import io.postmesh.model.SmtpReply;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The seam for traffic shaping (package {@code io.postmesh.delivery.shaping}): the transport asks for a
 * <em>connection</em> permit before it opens a new connection to an MX (held until that connection closes)
 * and for a <em>message</em> permit before each mail transaction (released when it ends). A stage that fails
 * with {@link PermitDenied} defers the job's remaining recipients with its status (no other MX is tried:
 * the limit is the site's). The stages may complete on any thread.
 */
public interface DeliveryPermits {

    /** No limits beyond the pool's own. */
    DeliveryPermits UNLIMITED = new DeliveryPermits() {
        @Override
        public CompletionStage<Permit> connection(PermitRequest request) {
            return CompletableFuture.completedFuture(Permit.NONE);
        }

        @Override
        public CompletionStage<Permit> message(PermitRequest request) {
            return CompletableFuture.completedFuture(Permit.NONE);
        }
    };

    CompletionStage<Permit> connection(PermitRequest request);

    CompletionStage<Permit> message(PermitRequest request);

    /**
     * Feeds back a negative reply of the site's server (greeting, MAIL, RCPT or end of data). True means the
     * site throttles us: the rest of this job is deferred with the reply and nothing more is sent on the session.
     */
    default CompletionStage<Boolean> throttled(PermitRequest request, SmtpReply reply) {
        return CompletableFuture.completedFuture(false);
    }

    /** Recipients per transaction for {@code site}: the configured value, or less when the site's limit is lower. */
    default int maxRecipients(String site, int configured) {
        return configured;
    }

    /** A held permit; released exactly once. */
    interface Permit {
        Permit NONE = () -> { };

        void release();
    }

    /**
     * @param site       the destination site: the job's MX host names, sorted and comma-joined (all domains
     *                   hosted by one provider share it)
     * @param mxHost     the host being contacted
     * @param address    its IP address
     * @param egress     the egress pool name (the source)
     * @param tenant     the job's tenant
     * @param recipients recipients in the transaction (0 for a connection permit)
     */
    record PermitRequest(String site, String mxHost, String address, String egress, String tenant,
                         int recipients) {
    }

    /**
     * A limit holds the job back: defer it with {@code status} (RFC 3463, e.g. 4.7.0 or 4.4.5). {@code limit}
     * names the limit for spans and metrics; {@code freedByRelease} says that a connection of this replica
     * going back to its pool can free the slot, so a job may wait in the pool for one instead of being deferred.
     */
    final class PermitDenied extends RuntimeException {
        private final String status;
        private final String limit;
        private final boolean freedByRelease;

        public PermitDenied(String status, String message) {
            this(status, message, null, false);
        }

        public PermitDenied(String status, String message, String limit, boolean freedByRelease) {
            super(message, null, false, false);
            this.status = status;
            this.limit = limit;
            this.freedByRelease = freedByRelease;
        }

        public String status() {
            return status;
        }

        /** The limit that held the job back ("max-connections"), or null. */
        public String limit() {
            return limit;
        }

        public boolean freedByRelease() {
            return freedByRelease;
        }
    }
}
