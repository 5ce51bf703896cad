package io.postmesh.e2e.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The one fault scenario in the default build, so that the harness never rots: the delivery service is killed
 * with SIGKILL under a steady load and restarted; every message ingress accepted arrives exactly once and nothing
 * else arrives. Short and light (5 msg/s for 30 s) to fit CI's budget; the full set runs with {@code -Pfaults}.
 */
class KillDeliveryFaultIT {

    @Test
    void killingDeliveryUnderLoadLosesAndDuplicatesNothing() throws Exception {
        FaultPlan plan = new FaultPlan(Fault.KILL_DELIVERY, 5, 2, "5k", Duration.ofSeconds(30),
                Duration.ofSeconds(10), Duration.ofSeconds(3), Duration.ofSeconds(60), Duration.ofMinutes(3),
                Duration.ofSeconds(5), false);
        Path out = Files.createDirectories(Path.of("target/faults-it"));
        FaultResult result = FaultRun.run(plan, out.resolve("kill-delivery"));
        Files.writeString(out.resolve("kill-delivery.json"), result.toJson().encodePrettily());

        FaultVerdict v = result.verdict();
        assertThat(v.accepted()).as("the generator got mail in").isGreaterThan(50);
        assertThat(v.lost()).as("accepted but neither arrived nor bounced").isZero();
        assertThat(v.duplicates()).as("arrived more than once").isZero();
        assertThat(v.unaccepted()).as("arrived without having been accepted").isZero();
        assertThat(v.corrupt()).as("arrived altered").isZero();
        assertThat(v.delivered() + v.permanent()).isEqualTo(v.accepted());
    }
}
