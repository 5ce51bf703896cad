package io.postmesh.bounce.webhook;

import io.postmesh.model.MailEvent.EventType;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Per-tenant event webhooks ({@code postmesh.bounce.webhooks.*}): which tenants get their {@code mail.events}
 * POSTed as CloudEvents, and how hard the service tries before it dead-letters an event.
 */
@ConfigMapping(prefix = "postmesh.bounce.webhooks")
public interface WebhookConfig {

    /** Webhooks by tenant name ({@code tenants."acme".url=...}); a tenant without an entry gets no requests. */
    Map<String, Tenant> tenants();

    /** Requests per event, the first included; after the last failure the event goes to {@code mail.webhooks.dlq}. */
    @WithDefault("8")
    int maxAttempts();

    /** Wait before the second attempt; doubled before each further attempt. */
    @WithDefault("1s")
    Duration initialBackoff();

    /** Upper bound of one wait between attempts. */
    @WithDefault("5m")
    Duration maxBackoff();

    /** Time for one request: connecting, sending and reading the response status. */
    @WithDefault("10s")
    Duration timeout();

    /** One tenant's webhook. */
    interface Tenant {
        /** Where the events are POSTed (http or https). */
        URI url();

        /** Shared secret for the {@code Postmesh-Signature} HMAC; the receiver verifies with the same value. */
        String secret();

        /**
         * Event types sent (e.g. {@code delivered,bounced}; case-insensitive); unset = every type. Events of a
         * type this service does not know yet are never sent (they cannot be named in the CloudEvent type).
         */
        Optional<Set<EventType>> types();
    }
}
