package io.postmesh.queue.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import io.postmesh.model.MailEvent;
import io.postmesh.model.MailEvent.EventType;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Sequences of events (as they arrive, possibly out of order or twice) → the recipient's final state. */
class TrackingMergeTest {
    private static final Instant T0 = Instant.parse("2025-03-10T10:00:00Z");

    /** One event: type, attempt, event time (seconds after T0), reply. */
    record Ev(EventType type, int attempt, int at, String reply) {
        MailEvent event() {
            return new MailEvent(1, type, "Q1", null, "acme", "a@x.test", "x.test", attempt, T0.plusSeconds(at),
                    null, reply, reply == null ? null : "mx.x.test", "trace", null);
        }
    }

    static Stream<Arguments> sequences() {
        return Stream.of(
                // events in order
                Arguments.of("deferred then delivered", List.of(ev(EventType.DEFERRED, 1, 10, "451 later"),
                        ev(EventType.DELIVERED, 2, 20, "250 ok")), TrackStatus.DELIVERED, 2, "250 ok", 1),
                // a late non-terminal event never undoes a terminal one, but raises attempts
                Arguments.of("late deferred after delivered", List.of(ev(EventType.DELIVERED, 1, 20, "250 ok"),
                        ev(EventType.DEFERRED, 2, 10, "451 later")), TrackStatus.DELIVERED, 2, "250 ok", 1),
                Arguments.of("newer non-terminal after terminal still ignored", List.of(
                        ev(EventType.BOUNCED, 1, 10, "550 no"), ev(EventType.HELD, 1, 30, "held")),
                        TrackStatus.BOUNCED, 1, "550 no", 1),
                // a terminal event wins over any non-terminal state even if its time is older
                Arguments.of("terminal with older time", List.of(ev(EventType.DEFERRED, 1, 30, "451 later"),
                        ev(EventType.BOUNCED, 1, 20, "550 no")), TrackStatus.BOUNCED, 1, "550 no", 1),
                // between non-terminal states the later event time wins
                Arguments.of("held then older deferred", List.of(ev(EventType.HELD, 1, 30, "held"),
                        ev(EventType.DEFERRED, 1, 20, "451 later")), TrackStatus.HELD, 1, "held", 0),
                Arguments.of("deferred twice", List.of(ev(EventType.DEFERRED, 1, 10, "451 a"),
                        ev(EventType.DEFERRED, 2, 20, "452 b")), TrackStatus.DEFERRED, 2, "452 b", 0),
                // between terminal states too
                Arguments.of("expired then older delivered", List.of(ev(EventType.EXPIRED, 3, 50, "expired"),
                        ev(EventType.DELIVERED, 2, 40, "250 ok")), TrackStatus.EXPIRED, 3, "expired", 1),
                Arguments.of("purged after held", List.of(ev(EventType.HELD, 0, 10, "held"),
                        ev(EventType.PURGED, 0, 20, "purged")), TrackStatus.PURGED, 0, "purged", 1),
                // duplicates are no-ops; events that carry no status leave it be
                Arguments.of("duplicate delivered", List.of(ev(EventType.DELIVERED, 1, 10, "250 ok"),
                        ev(EventType.DELIVERED, 1, 10, "250 ok")), TrackStatus.DELIVERED, 1, "250 ok", 1),
                Arguments.of("delay notice keeps deferred", List.of(ev(EventType.DEFERRED, 2, 10, "451 a"),
                        ev(EventType.DELAYED, 2, 20, "delay dsn")), TrackStatus.DEFERRED, 2, "451 a", 0),
                Arguments.of("suppressed", List.of(ev(EventType.SUPPRESSED, 0, 10, "suppressed")),
                        TrackStatus.SUPPRESSED, 0, "suppressed", 1),
                // a terminal event without reply keeps the last known reply
                Arguments.of("reply kept when absent", List.of(ev(EventType.DEFERRED, 1, 10, "451 a"),
                        ev(EventType.EXPIRED, 1, 20, null)), TrackStatus.EXPIRED, 1, "451 a", 1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sequences")
    void foldsEvents(String name, List<Ev> events, TrackStatus status, int attempts, String reply, int terminals) {
        RecipientState state = null;
        int becameTerminal = 0;
        for (Ev e : events) {
            TrackingMerge.Result result = TrackingMerge.apply(state, e.event());
            state = result.state();
            becameTerminal += result.becameTerminal() ? 1 : 0;
        }
        assertThat(state.status()).isEqualTo(status);
        assertThat(state.attempts()).isEqualTo(attempts);
        assertThat(state.lastReply()).isEqualTo(reply);
        // depth is counted out once per recipient, however many terminal events arrive
        assertThat(becameTerminal).isEqualTo(terminals);
    }

    @ParameterizedTest(name = "accepted yields to {0}")
    @MethodSource("types")
    void acceptedYieldsToAnyStatus(EventType type) {
        RecipientState accepted = new RecipientState(TrackStatus.ACCEPTED, 0, null, null, T0.plusSeconds(99));
        RecipientState next = TrackingMerge.apply(accepted, ev(type, 1, 1, "r").event()).state();
        assertThat(next.status()).isEqualTo(TrackStatus.of(type));
    }

    static Stream<EventType> types() {
        return Stream.of(EventType.DEFERRED, EventType.HELD, EventType.DELIVERED, EventType.BOUNCED);
    }

    private static Ev ev(EventType type, int attempt, int at, String reply) {
        return new Ev(type, attempt, at, reply);
    }
}
