package io.postmesh.queue.suppression;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * The per-tenant suppression list as the scheduler consults it: addresses that must never be sent to (hard
 * bounces, complaints, unsubscribes), maintained by the bounce service.
 */
public interface SuppressionList {

    /** Of {@code recipients}, those suppressed for {@code tenant}, each with the reason recorded. */
    CompletionStage<Map<String, String>> suppressed(String tenant, Collection<String> recipients);
}
