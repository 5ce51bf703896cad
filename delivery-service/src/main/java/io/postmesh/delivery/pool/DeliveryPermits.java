package io.postmesh.delivery.pool;

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

    /** A limit holds the job back: defer it with {@code status} (RFC 3463, e.g. 4.7.0 or 4.4.5). */
    final class PermitDenied extends RuntimeException {
        private final String status;

        public PermitDenied(String status, String message) {
            super(message, null, false, false);
            this.status = status;
        }

        public String status() {
            return status;
        }
    }
}
