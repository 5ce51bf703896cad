package io.postmesh.queue.control;

import java.time.Instant;

/**
 * An active suspension as stored in Redis ({@code pm:control:suspended}, JSON value) and shown by the API.
 *
 * @param since  when it was made
 * @param by     who made it, as the caller said (free text; the API does not authenticate)
 * @param reason why, as the caller said
 */
public record Suspension(Instant since, String by, String reason) {}
