package io.postmesh.e2e.faults;

import io.postmesh.loadgen.load.LoadRun;
import io.postmesh.loadgen.load.LoadSettings;
import io.postmesh.loadgen.message.BenchMessageCheck;
import io.postmesh.loadgen.message.SizeMix;
import io.postmesh.loadgen.report.LoadReport;
import io.postmesh.testing.process.ServiceProcess;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Runs one {@link FaultPlan}: a fresh {@link FaultStack}, the generator in this JVM feeding ingress, the fault
 * injected and healed on schedule, then the wait until every accepted message arrived or has a permanent outcome.
 * Everything the run started is stopped before it returns.
 */
final class FaultRun {
    private final FaultPlan plan;
    private final Path dir;
    private final List<String> timeline = new ArrayList<>();
    private volatile long startNanos;

    private FaultRun(FaultPlan plan, Path dir) {
        this.plan = plan;
        this.dir = dir;
    }

    static FaultResult run(FaultPlan plan, Path dir) throws Exception {
        return new FaultRun(plan, dir).execute();
    }

    private FaultResult execute() throws Exception {
        FaultLedger ledger = new FaultLedger();
        Vertx vertx = Vertx.vertx();
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        try (FaultStack stack = FaultStack.start(dir.resolve("logs"));
             EventWatcher events = EventWatcher.start(stack.kafka().bootstrapServers(), ledger)) {
            stack.mx().onMessage(m -> {
                BenchMessageCheck.Result check = BenchMessageCheck.check(m.data());
                ledger.arrived(check.id(), check.integrity() == BenchMessageCheck.Integrity.INTACT,
                        check.sentMicros(), epochMicros());
            }, false);
            Map<String, ProcessProbe> before = plan.probe() ? probe(stack) : Map.of();
            String runId = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
            LoadSettings settings = new LoadSettings(plan.fault().cliName(), "127.0.0.1", stack.smtpPort(),
                    plan.sessions(), SizeMix.parse(plan.size()), 0, plan.duration(), plan.rate(),
                    "loadgen.bench.test", "load@" + FaultStack.SENDER_DOMAIN, "rcpt@" + FaultStack.DOMAIN, 0,
                    Long.MAX_VALUE, Duration.ofSeconds(60), runId);
            startNanos = System.nanoTime();
            note("load starts: " + plan.rate() + " msg/s, " + plan.sessions() + " sessions, " + plan.size());
            CompletableFuture<LoadReport> load = LoadRun.start(vertx, settings, 10_000, line -> note(line.strip().replaceFirst("^[0-9.]+ s +", "")), ledger)
                    .toCompletionStage().toCompletableFuture();
            CompletableFuture<Void> healed = new CompletableFuture<>();
            if (plan.fault() != Fault.NONE) {
                scheduler.schedule(() -> {
                    note("inject " + plan.fault().cliName());
                    plan.fault().inject(stack);
                    scheduler.schedule(() -> {
                        note("heal " + plan.fault().cliName());
                        try {
                            plan.fault().heal(stack);
                            note("healed");
                            healed.complete(null);
                        } catch (RuntimeException e) {
                            healed.completeExceptionally(e);
                        }
                    }, plan.window().toMillis(), TimeUnit.MILLISECONDS);
                }, plan.faultAt().toMillis(), TimeUnit.MILLISECONDS);
            } else {
                healed.complete(null);
            }
            LoadReport report = load.get(plan.duration().toSeconds() + 600, TimeUnit.SECONDS);
            note("load done: accepted " + report.accepted() + ", failed " + report.failed());
            healed.get(10, TimeUnit.MINUTES);
            settle(ledger);
            Map<String, ProcessProbe> after = plan.probe() ? probe(stack) : Map.of();
            FaultVerdict verdict = ledger.verdict();
            note("verdict: " + verdict);
            return new FaultResult(plan, report, verdict, Drift.of(ledger.delays()), before, after,
                    List.copyOf(timeline), events.events());
        } finally {
            scheduler.shutdownNow();
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    /**
     * Waits until nothing accepted is outstanding, or {@code quiet} passed without progress, or {@code settleMax};
     * then lingers, so that a late duplicate is still counted.
     */
    private void settle(FaultLedger ledger) {
        AtomicLong last = new AtomicLong(ledger.outstanding());
        AtomicLong lastChange = new AtomicLong(System.nanoTime());
        try {
            Awaitility.await().atMost(plan.settleMax()).pollInterval(Duration.ofMillis(500)).until(() -> {
                long now = ledger.outstanding();
                if (now != last.getAndSet(now)) {
                    lastChange.set(System.nanoTime());
                }
                return now == 0 || System.nanoTime() - lastChange.get() > plan.quiet().toNanos();
            });
        } catch (ConditionTimeoutException e) {
            note("gave up waiting after " + plan.settleMax());
        }
        note("settled: " + ledger.outstanding() + " outstanding; lingering " + plan.linger().toSeconds() + " s");
        Awaitility.await().pollDelay(plan.linger()).atMost(plan.linger().plusSeconds(5)).until(() -> true);
    }

    private Map<String, ProcessProbe> probe(FaultStack stack) {
        Map<String, ProcessProbe> probes = new LinkedHashMap<>();
        for (Map.Entry<String, ServiceProcess> e : stack.services().entrySet()) {
            probes.put(e.getKey(), ProcessProbe.of(e.getValue().pid()));
        }
        return probes;
    }

    private void note(String what) {
        String line = String.format("%7.1f s  %s", (System.nanoTime() - startNanos) / 1e9, what);
        synchronized (timeline) {
            timeline.add(line);
        }
        System.out.println("[" + plan.fault().cliName() + "] " + line);
    }

    private static long epochMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
    }
}
