package io.postmesh.ingress.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The reply to a batch: one result per item, in the order of the request.
 *
 * @param accepted items handed off (status 202)
 * @param failed   items refused or not queued
 * @param results  per item
 */
@Schema(name = "BatchResult")
public record BatchResult(int accepted, int failed, List<Item> results) {

    /**
     * One item's result: 202 with {@code queueId} and {@code messageId}, or the item's error (400, 413, 503)
     * with a problem whose {@code field} is relative to the item; a 429 (the tenant's message rate) also has
     * {@code retryAfter}, in seconds, as the Retry-After header of a single request would.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "BatchItemResult")
    public record Item(int index, int status, String queueId, String messageId, Problem error, Long retryAfter) {
        static Item accepted(int index, Accepted a) {
            return new Item(index, 202, a.queueId(), a.messageId(), null, null);
        }

        static Item failed(int index, Problem p) {
            return new Item(index, p.status(), null, null, p, null);
        }

        static Item failed(int index, ProblemException e) {
            String retry = e.headers().get("Retry-After");
            return new Item(index, e.problem().status(), null, null, e.problem(),
                    retry == null ? null : Long.valueOf(retry));
        }
    }

    static BatchResult of(List<Item> results) {
        int ok = (int) results.stream().filter(r -> r.status() == 202).count();
        return new BatchResult(ok, results.size() - ok, results);
    }

    /** 200 when every item was accepted, else 207 Multi-Status: the caller must look at the items. */
    int httpStatus() {
        return failed == 0 ? 200 : 207;
    }
}
