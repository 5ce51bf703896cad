package io.postmesh.ingress.api;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * The submission API under test: an admin token, a random HTTP port, and a batch limit above the 2,000-item
 * test batch. Shared by all API test classes, so one application start serves them.
 */
public class ApiProfile implements QuarkusTestProfile {
    static final String ADMIN_TOKEN = "test-admin-token-0123456789";
    static final int BATCH_MAX = 2500;

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "postmesh.ingress.admin.token", ADMIN_TOKEN,
                "postmesh.ingress.api.batch-max-items", Integer.toString(BATCH_MAX),
                "quarkus.http.test-port", "0");
    }
}
