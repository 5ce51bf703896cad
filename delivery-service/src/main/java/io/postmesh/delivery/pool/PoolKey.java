package io.postmesh.delivery.pool;

import io.postmesh.delivery.smtp.client.Endpoint;
import io.postmesh.delivery.tls.TlsLevel;

/**
 * Which sessions are interchangeable: same host address and port, same egress, at least as much TLS and
 * the same login. A session opened for one key is never handed to a job that needs another.
 */
public record PoolKey(String egress, String address, int port, TlsLevel tls, String user) {

    public static PoolKey of(Endpoint endpoint) {
        return new PoolKey(endpoint.egress().name(), endpoint.address(), endpoint.port(), endpoint.tls(),
                endpoint.credentials() == null ? null : endpoint.credentials().username());
    }
}
