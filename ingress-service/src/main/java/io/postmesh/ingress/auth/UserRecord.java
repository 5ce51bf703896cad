package io.postmesh.ingress.auth;

import java.time.Instant;

/**
 * A submission user as the admin API shows it: never the hash.
 *
 * @param username the login name, in lower case
 * @param tenant   the tenant its mail is accounted to
 * @param created  when the user was stored
 */
public record UserRecord(String username, String tenant, Instant created) {}
