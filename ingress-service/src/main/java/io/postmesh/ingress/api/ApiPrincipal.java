package io.postmesh.ingress.api;

/**
 * The client an API key identifies.
 *
 * @param tenant the tenant the key was issued to; its mail is accounted to it
 * @param keyId  the key's public id (the start of its SHA-256), safe to log and to show
 */
public record ApiPrincipal(String tenant, String keyId) {
    /** The {@code authUser} of the envelope: which key sent the message. */
    public String authUser() {
        return "apikey:" + keyId;
    }
}
