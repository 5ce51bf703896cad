package io.postmesh.loadgen.report;

import io.postmesh.loadgen.sink.SinkReport;

/** One system's figures for one scenario: the generator's report and, end to end, the sink's. */
public record ScenarioResult(String system, String scenario, LoadReport load, SinkReport sink) {
}
