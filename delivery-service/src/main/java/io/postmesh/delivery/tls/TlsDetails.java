package io.postmesh.delivery.tls;

/**
 * What a STARTTLS handshake established.
 *
 * @param protocol "TLSv1.3"
 * @param cipher   "TLS_AES_256_GCM_SHA384"
 * @param verified whether the chain and the host name were checked (level VERIFY)
 */
public record TlsDetails(String protocol, String cipher, boolean verified) {
}
