package io.postmesh.bounce.webhook;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** Short back-off and few attempts, so the retry and dead-letter paths run in well under a second. */
public class WebhookTestProfile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "postmesh.bounce.webhooks.max-attempts", "3",
                "postmesh.bounce.webhooks.initial-backoff", "50ms",
                "postmesh.bounce.webhooks.max-backoff", "200ms",
                "postmesh.bounce.webhooks.timeout", "2s");
    }
}
