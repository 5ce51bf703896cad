package io.postmesh.ingress.smtp.protocol;

/**
 * What a client sent in an AUTH exchange, still unverified.
 *
 * @param authzid  the identity to act as (RFC 4616 PLAIN); "" when absent. We do not support acting as
 *                 another user, so a non-empty authzid must name the user itself.
 * @param username the authentication identity
 * @param password the password; never logged
 */
public record SaslCredentials(String authzid, String username, String password) {
    @Override
    public String toString() {
        return "SaslCredentials[username=" + username + "]";
    }
}
