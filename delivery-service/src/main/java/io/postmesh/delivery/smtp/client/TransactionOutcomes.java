package io.postmesh.delivery.smtp.client;

import io.postmesh.delivery.outcome.OutcomeClassifier;
import io.postmesh.model.Recipient;
import io.postmesh.model.RecipientOutcome;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Which reply decides each recipient's fate: a failed MAIL decides for all; a failed RCPT for its
 * recipient; for accepted recipients, a failed DATA, else the end-of-data reply (RFC 5321 §4.1.1.4: it
 * covers every recipient that RCPT accepted).
 */
public final class TransactionOutcomes {
    private TransactionOutcomes() {}

    public static List<RecipientOutcome> of(List<Recipient> recipients, TransactionReplies replies, String remoteMta,
                                            Instant at) {
        List<RecipientOutcome> outcomes = new ArrayList<>(recipients.size());
        boolean limitReached = false;
        for (int i = 0; i < recipients.size(); i++) {
            String address = recipients.get(i).address();
            ServerReply decisive;
            if (!replies.mail().positive()) {
                decisive = replies.mail();
            } else if (i >= replies.rcpts().size()) {
                throw new IllegalStateException("no RCPT reply for " + address);
            } else if (limitReached || replies.rcpts().get(i).tooManyRecipients()) {
                // The server's recipient limit: this one and every later one are deferred, never failed.
                limitReached = true;
                ServerReply limit = replies.rcpts().get(i);
                outcomes.add(OutcomeClassifier.local(address, false, "4.5.3", limit.toString(), remoteMta, at));
                continue;
            } else if (!replies.rcpts().get(i).positive()) {
                decisive = replies.rcpts().get(i);
            } else if (replies.data() == null) {
                throw new IllegalStateException("recipient accepted but DATA not sent");
            } else if (replies.data().code() != 354) {
                decisive = replies.data();
            } else if (replies.endOfData() == null) {
                throw new IllegalStateException("DATA accepted but no end-of-data reply");
            } else {
                decisive = replies.endOfData();
            }
            outcomes.add(OutcomeClassifier.fromReply(address, decisive.reply(), remoteMta, at));
        }
        return outcomes;
    }
}
