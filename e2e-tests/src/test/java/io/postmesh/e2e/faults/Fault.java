package io.postmesh.e2e.faults;

import io.postmesh.testing.smtp.Stage;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The faults a run can inject, each as "break" (at a third of the load) and "heal" (after the fault window). The
 * name on the command line is the lower-case constant with dashes: {@code kill-delivery}, {@code mx-421}.
 */
enum Fault {
    /** No fault: the baseline, and the soak run. */
    NONE(s -> { }, s -> { }),
    KILL_INGRESS(s -> s.killService("ingress-service"), s -> s.startService("ingress-service")),
    KILL_QUEUE(s -> s.killService("queue-service"), s -> s.startService("queue-service")),
    KILL_DELIVERY(s -> s.killService("delivery-service"), s -> s.startService("delivery-service")),
    KILL_BOUNCE(s -> s.killService("bounce-service"), s -> s.startService("bounce-service")),
    /** The broker stops (SIGTERM, SIGKILL after 15 s) and comes back on the same ports with its data. */
    KAFKA_RESTART(s -> s.kafka().stop(), s -> s.kafka().restart()),
    /** Redis is killed (SIGKILL) and comes back on the same port from its append-only file. */
    REDIS_DOWN(s -> s.redis().kill(), s -> s.redis().restart()),
    /** The MX greets with 421 and closes (RFC 5321 §3.8): a temporary refusal of every connection. */
    MX_421(s -> s.mx().replyTo(Stage.GREETING, "421 4.3.2 mx.faults.test busy, try later"),
            s -> s.mx().replyTo(Stage.GREETING, null)),
    /** The MX closes the connection in the middle of DATA, before the end of the message. */
    MX_DROP(s -> s.mx().dropConnectionDuringData(true), s -> s.mx().dropConnectionDuringData(false)),
    /** The MX accepts connections but answers nothing until it recovers. */
    MX_STALL(s -> s.mx().stall(true), s -> s.mx().stall(false)),
    /** The recipient domain's MX lookup answers SERVFAIL (RFC 1035 rcode 2), then the records come back. */
    DNS_SERVFAIL(s -> s.dns().zones().servfail(FaultStack.DOMAIN),
            s -> s.dns().zones().clear(FaultStack.DOMAIN).mx(FaultStack.DOMAIN, 10, FaultStack.MX_HOST));

    private final Consumer<FaultStack> inject;
    private final Consumer<FaultStack> heal;

    Fault(Consumer<FaultStack> inject, Consumer<FaultStack> heal) {
        this.inject = inject;
        this.heal = heal;
    }

    void inject(FaultStack stack) {
        inject.accept(stack);
    }

    void heal(FaultStack stack) {
        heal.accept(stack);
    }

    String cliName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** {@code kill-delivery} → KILL_DELIVERY; IllegalArgumentException listing the names otherwise. */
    static Fault parse(String name) {
        for (Fault f : values()) {
            if (f.cliName().equals(name.trim().toLowerCase(Locale.ROOT))) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown fault '" + name + "'; one of "
                + Arrays.stream(values()).map(Fault::cliName).toList());
    }
}
