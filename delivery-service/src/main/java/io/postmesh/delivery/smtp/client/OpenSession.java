package io.postmesh.delivery.smtp.client;

import io.postmesh.delivery.tls.TlsDetails;

/**
 * A session ready for mail transactions: greeted, EHLO done, TLS and AUTH as the endpoint asked.
 *
 * @param tls the TLS details, or null for cleartext
 */
public record OpenSession(SmtpConnection connection, ServerCapabilities capabilities, TlsDetails tls) {
}
