package io.postmesh.queue.retry.bench;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** Jobs of tenant "bench" wait a day (the 6h tier); sweeps every 10s so the benchmark sees several. */
public class BenchProfile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "postmesh.queue.retry.tenants.\"bench\".first", "1d",
                "postmesh.queue.retry.tenants.\"bench\".max-interval", "1d",
                "postmesh.queue.retry.tiers.sweep-interval", "10s");
    }
}
