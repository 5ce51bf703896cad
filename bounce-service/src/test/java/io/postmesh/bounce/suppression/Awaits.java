package io.postmesh.bounce.suppression;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polls a condition the service reaches asynchronously (after consuming a record). */
public final class Awaits {
    public static final Duration WAIT = Duration.ofSeconds(30);

    private Awaits() {}

    public static void until(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
