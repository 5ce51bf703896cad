package io.postmesh.ingress.scan;

/** What the scanners said about one message. */
public final class Verdicts {
    private Verdicts() {}

    /**
     * rspamd's answer (its {@code /checkv2} JSON).
     *
     * @param action   rspamd's action: {@code no action}, {@code greylist}, {@code add header},
     *                 {@code rewrite subject}, {@code soft reject} or {@code reject}
     * @param score    the message's score
     * @param required the score at which rspamd rejects
     */
    public record Spam(String action, double score, double required) {
        public boolean reject() {
            return "reject".equals(action);
        }

        /** Whether the recipient should see it flagged: rspamd wants it rejected, marked or its subject rewritten. */
        public boolean spam() {
            return reject() || "add header".equals(action) || "rewrite subject".equals(action);
        }
    }

    /** clamd's answer: {@code stream: OK} or {@code stream: NAME FOUND}. */
    public record Virus(String name) {
        public static final Virus CLEAN = new Virus(null);

        public boolean infected() {
            return name != null;
        }
    }
}
