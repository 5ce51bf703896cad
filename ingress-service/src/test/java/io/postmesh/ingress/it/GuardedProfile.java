package io.postmesh.ingress.it;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * Ingress with the guards that are off by default: message rates for a few tenants (3/min each, buckets apart)
 * and a greeting delay on the relay listener. Shared by the test classes that need them, so one start serves all.
 */
public class GuardedProfile implements QuarkusTestProfile {
    static final String ADMIN_TOKEN = "guarded-admin-token-0123456789";
    static final long GREETING_DELAY_MILLIS = 1500;

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "postmesh.ingress.limits.tenant-rates.smtp-rated", "3/min",
                "postmesh.ingress.limits.tenant-rates.http-rated", "3/min",
                "postmesh.ingress.limits.tenant-rates.batch-rated", "3/min",
                "postmesh.ingress.limits.greeting-delay", GREETING_DELAY_MILLIS + "ms",
                "postmesh.ingress.admin.token", ADMIN_TOKEN,
                "quarkus.http.test-port", "0");
    }
}
