package io.postmesh.delivery.smtp.client;

import io.postmesh.delivery.tls.TlsLevel;

/**
 * One address of one host to open a session with, and how.
 *
 * @param address     IP address literal
 * @param hostName    the MX (or smart host) name: SNI and the name a verified certificate must carry
 * @param port        TCP port
 * @param tls         the TLS level of the destination
 * @param egress      source address and EHLO name
 * @param credentials AUTH data for a smart host, or null
 */
public record Endpoint(String address, String hostName, int port, TlsLevel tls, Egress egress,
                       Authentication.Credentials credentials) {

    /** How the host is named in diagnostics: {@code mx1.example.test[127.0.0.2]:25}. */
    public String peer() {
        return hostName + "[" + address + "]:" + port;
    }
}
