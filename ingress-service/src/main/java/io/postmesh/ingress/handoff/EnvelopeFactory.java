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

    /** The same envelope for processed bytes: their Message-ID (one may have been added) and size. */
    public static Envelope withContent(Envelope e, byte[] content) {
        return new Envelope(e.version(), e.queueId(), MessageIds.find(content), e.reversePath(), e.recipients(),
                e.tenant(), e.destination(), e.attempt(), e.firstSeen(), e.ret(), e.envId(), content.length,
                e.clientAddress(), e.heloName(), e.smtpUtf8(), e.eightBitMime(), e.dsn(), e.campaign(), e.lane(),
                e.authUser(), e.requireTls());
    }
}
