package io.postmesh.e2e.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The fault harness's entry point, run on demand only (its name matches neither Surefire's nor Failsafe's
 * default patterns; the {@code faults} profile selects it):
 *
 * <pre>
 * ./mvnw -B -ntp -pl e2e-tests -am verify -Pfaults -Dfault=kill-delivery,mx-421 [-Dfault.rate=10]
 *     [-Dfault.duration=75s] [-Dfault.window=15s] [-Dfault.sessions=4] [-Dfault.size=5k]
 * ./mvnw ... -Pfaults -Dfault=all       every fault in turn
 * ./mvnw ... -Pfaults -Dfault=soak      no fault, fixed rate for fault.duration (default 1h), memory at both ends
 * </pre>
 *
 * Writes {@code target/faults/NAME.json} per scenario and {@code target/faults/summary.txt}; fails if any
 * scenario lost, duplicated, altered or invented a message.
 */
class FaultScenarios {

    @Test
    void runTheChosenScenarios() throws Exception {
        String spec = System.getProperty("fault", "all").trim();
        Path out = Files.createDirectories(Path.of(System.getProperty("fault.out", "target/faults")));
        List<FaultPlan> plans = new ArrayList<>();
        if (spec.equals("soak")) {
            plans.add(FaultPlan.fromProperties(Fault.NONE, Duration.ofHours(1), true));
        } else {
            List<Fault> faults = spec.equals("all")
                    ? Arrays.stream(Fault.values()).filter(f -> f != Fault.NONE).toList()
                    : Arrays.stream(spec.split(",")).map(Fault::parse).toList();
            faults.forEach(f -> plans.add(FaultPlan.fromProperties(f, Duration.ofSeconds(75), false)));
        }
        List<FaultResult> results = new ArrayList<>();
        StringBuilder summary = new StringBuilder(FaultResult.HEADER).append('\n');
        for (FaultPlan plan : plans) {
            String name = spec.equals("soak") ? "soak" : plan.fault().cliName();
            FaultResult result = FaultRun.run(plan, out.resolve(name));
            results.add(result);
            Files.writeString(out.resolve(name + ".json"), result.toJson().encodePrettily());
            summary.append(result.row()).append('\n');
            if (plan.probe()) {
                summary.append(result.probeTable());
            }
            Files.writeString(out.resolve("summary.txt"), summary);
            System.out.println(summary);
        }
        assertThat(results).as("scenarios that lost, duplicated, altered or invented mail:\n" + summary)
                .allMatch(r -> r.verdict().clean());
        assertThat(results).as("every scenario delivered mail").allMatch(r -> r.verdict().delivered() > 0);
    }
}
