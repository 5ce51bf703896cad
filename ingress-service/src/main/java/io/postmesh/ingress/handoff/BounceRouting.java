package io.postmesh.ingress.handoff;

import io.postmesh.model.Addresses;
import io.postmesh.model.Envelope;
import io.postmesh.model.Recipient;
import io.postmesh.model.Topics;
import java.net.IDN;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Which topic an accepted message goes to: mail for the bounce domain (asynchronous DSNs and feedback reports
 * sent to our VERP reverse paths) to {@link Topics#BOUNCES_INBOUND}, everything else to {@link Topics#INBOUND}.
 *
 * <p>A message with recipients on both sides is split: one record per topic, each envelope narrowed to its
 * own recipients, both under the one queue id the client is given. Splitting keeps the SMTP dialogue simple
 * and correct whatever order the RCPTs come in (refusing a bounce-domain RCPT "unless alone" would depend on
 * order, and a sender that retries the refused recipient would get it anyway). Pure.
 */
public final class BounceRouting {

    /** One record to write: the topic and the envelope that goes with the (unchanged) message bytes. */
    public record Route(String topic, Envelope envelope) {}

    private final String bounceDomain;

    /** @param bounceDomain {@code postmesh.ingress.bounce-domain}; empty means nothing is routed as a bounce */
    public BounceRouting(Optional<String> bounceDomain) {
        this.bounceDomain = bounceDomain.filter(d -> !d.isBlank()).map(d -> normalise(d.strip())).orElse(null);
    }

    public Optional<String> bounceDomain() {
        return Optional.ofNullable(bounceDomain);
    }

    /** One route per topic that gets recipients, {@link Topics#INBOUND} first; never empty. */
    public List<Route> routes(Envelope envelope) {
        if (bounceDomain == null) {
            return List.of(new Route(Topics.INBOUND, envelope));
        }
        List<Recipient> bounces = new ArrayList<>();
        List<Recipient> others = new ArrayList<>();
        for (Recipient r : envelope.recipients()) {
            (bounceDomain.equals(normalise(Addresses.domainOf(r.address()))) ? bounces : others).add(r);
        }
        if (bounces.isEmpty()) {
            return List.of(new Route(Topics.INBOUND, envelope));
        }
        if (others.isEmpty()) {
            return List.of(new Route(Topics.BOUNCES_INBOUND, envelope));
        }
        return List.of(new Route(Topics.INBOUND, envelope.withRecipients(others)),
                new Route(Topics.BOUNCES_INBOUND, envelope.withRecipients(bounces)));
    }

    /** A-label, lower case: a U-label recipient and an A-label setting must agree, as in the relay policy. */
    private static String normalise(String domain) {
        try {
            return IDN.toASCII(domain, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return domain.toLowerCase(Locale.ROOT);
        }
    }
}
