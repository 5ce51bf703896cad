package io.postmesh.bounce.suppression;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * Shared by the suppression, feedback and async-bounce service tests (one application start): a soft threshold
 * of 2, and VERP addresses of {@link #VERP_DOMAIN} signed with {@link #VERP_SECRET}.
 */
public class SuppressionTestProfile implements QuarkusTestProfile {
    public static final String VERP_DOMAIN = "bounces.postmesh.test";
    public static final String VERP_SECRET = "bounce-test-secret";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("postmesh.bounce.suppression.soft-threshold", "2",
                "postmesh.bounce.verp.domain", VERP_DOMAIN,
                "postmesh.bounce.verp.secret", VERP_SECRET);
    }
}
