package io.postmesh.e2e.faults;

import io.vertx.core.json.JsonObject;

/**
 * The figures of one fault run.
 *
 * @param accepted       messages the pipeline answered 250 to
 * @param refused        messages it refused (4xx/5xx, or the session died before the content went out)
 * @param unknown        messages whose content went out but whose final reply never came
 * @param delivered      accepted messages that arrived at the MX (at least once)
 * @param permanent      accepted messages that did not arrive but have a BOUNCED/EXPIRED event
 * @param duplicates     arrivals beyond the first of any message
 * @param lost           accepted messages with neither an arrival nor a permanent outcome
 * @param unaccepted     messages that arrived although the pipeline never accepted them (refused or never sent)
 * @param unknownArrived "unknown" messages that arrived (allowed once: RFC 5321 §6.1)
 * @param corrupt        arrivals whose body differs from what was sent
 * @param foreign        arrivals without a bench id
 * @param maxDelayMs     longest send → first arrival of an accepted message
 */
record FaultVerdict(long accepted, long refused, long unknown, long delivered, long permanent, long duplicates,
                    long lost, long unaccepted, long unknownArrived, long corrupt, long foreign, double maxDelayMs) {

    /** The harness's promise: nothing lost, nothing twice, nothing that was not handed over, nothing altered. */
    boolean clean() {
        return lost == 0 && duplicates == 0 && unaccepted == 0 && corrupt == 0;
    }

    JsonObject toJson() {
        return new JsonObject().put("accepted", accepted).put("refused", refused).put("unknown", unknown)
                .put("delivered", delivered).put("permanent", permanent).put("duplicates", duplicates)
                .put("lost", lost).put("unaccepted", unaccepted).put("unknownArrived", unknownArrived)
                .put("corrupt", corrupt).put("foreign", foreign).put("maxDelayMs", maxDelayMs)
                .put("clean", clean());
    }
}
