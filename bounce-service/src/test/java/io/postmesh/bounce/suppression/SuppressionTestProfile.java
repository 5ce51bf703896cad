package io.postmesh.bounce.suppression;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** Shared by the suppression and feedback service tests (one application start): a soft threshold of 2. */
public class SuppressionTestProfile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("postmesh.bounce.suppression.soft-threshold", "2");
    }
}
