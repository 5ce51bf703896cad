package io.postmesh.ingress.admin;

import io.smallrye.config.ConfigMapping;
import java.util.Optional;

/** The admin REST API of ingress ({@code postmesh.ingress.admin.*}). */
@ConfigMapping(prefix = "postmesh.ingress.admin")
public interface AdminConfig {

    /**
     * Bearer token of {@code /v1/admin/*}. Without it every admin request gets 401: the API is off rather
     * than open. {@code ./postmesh up} generates one and keeps it in its state directory.
     */
    Optional<String> token();
}
