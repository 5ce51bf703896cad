package io.postmesh.ingress.api;

import io.smallrye.config.ConfigMapping;
import java.util.Optional;

/**
 * The admin token of ingress ({@code postmesh.ingress.admin.token}), shared by every admin endpoint. A mapping
 * of its own because {@code postmesh.ingress.*} is validated: a key no mapping claims fails start-up.
 */
@ConfigMapping(prefix = "postmesh.ingress.admin")
public interface AdminTokenConfig {

    /** Bearer token of the admin endpoints; without it they answer 403. */
    Optional<String> token();
}
