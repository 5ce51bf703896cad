package io.postmesh.ingress.handoff;

import io.postmesh.ingress.smtp.protocol.AcceptedMessage;
import io.postmesh.model.Envelope;
import java.time.Instant;

/** Builds the {@link Envelope} that travels with an accepted message on {@code mail.inbound}. */
public final class EnvelopeFactory {
    private EnvelopeFactory() {}

    public static Envelope from(AcceptedMessage message, Instant firstSeen) {
        return Envelope.builder()
                .queueId(message.queueId())
                .messageId(MessageIds.find(message.content()))
                .reversePath(message.reversePath())
                .recipients(message.recipients())
                .tenant(message.tenant())
                .firstSeen(firstSeen)
                .ret(message.parameters().ret())
                .envId(message.parameters().envId())
                .size(message.content().length)
                .clientAddress(message.client().getHostAddress())
                .heloName(message.helo())
                .smtpUtf8(message.parameters().smtpUtf8())
                .eightBitMime(message.parameters().eightBitMime())
                .authUser(message.authUser())
                .requireTls(message.requireTls())
                .build();
    }
}
