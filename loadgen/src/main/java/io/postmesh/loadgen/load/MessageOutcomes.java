package io.postmesh.loadgen.load;

/**
 * Tells a caller what became of each generated message, by bench id, so a fault harness can check the far end
 * against exactly what the server accepted. Called on the session's event loop: implementations must be quick and
 * thread-safe.
 */
public interface MessageOutcomes {
    /** Records nothing: the benchmarks only need the counters of {@link LoadStats}. */
    MessageOutcomes NONE = new MessageOutcomes() {
        @Override
        public void accepted(String id) {
        }

        @Override
        public void refused(String id, String reason) {
        }

        @Override
        public void unknown(String id, String reason) {
        }
    };

    /** The server answered 2xx to the end of data: it took responsibility for the message (RFC 5321 §4.1.1.4). */
    void accepted(String id);

    /**
     * The server did not take the message: a 4xx/5xx reply, or the transaction failed before the content was
     * sent. It must never arrive anywhere.
     */
    void refused(String id, String reason);

    /**
     * The content was sent but no final reply came (connection lost, reply timeout). The server may or may not
     * have accepted it; RFC 5321 §6.1 allows the resulting duplicate, so such a message may arrive at most once.
     */
    void unknown(String id, String reason);
}
