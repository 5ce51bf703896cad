package io.postmesh.delivery.smtp.client;

/**
 * An egress pool: where our connections come from and what we call ourselves.
 *
 * @param name          pool name ({@code default} unless configured)
 * @param sourceAddress local address to bind before connecting, or null for the system's choice
 * @param heloName      the name sent in EHLO/HELO (RFC 5321 §4.1.1.1: our FQDN)
 */
public record Egress(String name, String sourceAddress, String heloName) {
}
