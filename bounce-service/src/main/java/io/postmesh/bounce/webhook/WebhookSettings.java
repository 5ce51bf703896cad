package io.postmesh.bounce.webhook;

import java.util.Map;

/** Checks of {@link WebhookConfig} that its types cannot express; a bad webhook fails startup, not delivery. */
final class WebhookSettings {
    private WebhookSettings() {}

    static void validate(WebhookConfig config) {
        RetrySchedule.of(config); // rejects max-attempts < 1 and negative back-off
        if (config.timeout().isNegative() || config.timeout().isZero()) {
            throw new IllegalArgumentException("postmesh.bounce.webhooks.timeout must be positive");
        }
        for (Map.Entry<String, WebhookConfig.Tenant> e : config.tenants().entrySet()) {
            WebhookConfig.Tenant t = e.getValue();
            String scheme = t.url().getScheme();
            if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                    || t.url().getHost() == null) {
                throw new IllegalArgumentException("webhook of tenant " + e.getKey() + " needs an http(s) URL with a host");
            }
            if (t.secret().isBlank()) {
                throw new IllegalArgumentException("webhook of tenant " + e.getKey() + " needs a secret");
            }
        }
    }
}
