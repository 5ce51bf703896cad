package io.postmesh.delivery.mx;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MxOrderingTest {

    /** Collections.shuffle swaps i-1 with nextInt(i); answering i-1 leaves the list as it is. */
    private static final Random KEEP = new Random() {
        @Override
        public int nextInt(int bound) {
            return bound - 1;
        }
    };

    /** Answering 0 rotates: [a, b, c] becomes [b, c, a]. */
    private static final Random ROTATE = new Random() {
        @Override
        public int nextInt(int bound) {
            return 0;
        }
    };

    static Stream<Arguments> table() {
        return Stream.of(
                Arguments.of("single host", List.of(mx("a.test", 10)), KEEP, List.of("a.test")),
                Arguments.of("by preference, whatever the answer order",
                        List.of(mx("c.test", 30), mx("a.test", 10), mx("b.test", 20)), KEEP,
                        List.of("a.test", "b.test", "c.test")),
                Arguments.of("equal preference kept in name order by a neutral random",
                        List.of(mx("b.test", 10), mx("a.test", 10), mx("z.test", 5)), KEEP,
                        List.of("z.test", "a.test", "b.test")),
                Arguments.of("equal preference reordered by the random",
                        List.of(mx("a.test", 10), mx("b.test", 10), mx("c.test", 10), mx("d.test", 20)), ROTATE,
                        List.of("b.test", "c.test", "a.test", "d.test")),
                Arguments.of("random never crosses preference groups",
                        List.of(mx("a.test", 10), mx("b.test", 10), mx("c.test", 20), mx("d.test", 20)), ROTATE,
                        List.of("b.test", "a.test", "d.test", "c.test")),
                Arguments.of("a host listed twice keeps its best place",
                        List.of(mx("a.test", 20), mx("b.test", 15), mx("a.test", 10)), KEEP,
                        List.of("a.test", "b.test")),
                Arguments.of("names are compared without case and trailing dot",
                        List.of(mx("MX.Example.TEST.", 10)), KEEP, List.of("mx.example.test")),
                Arguments.of("a null MX among real hosts is ignored",
                        List.of(mx(".", 0), mx("a.test", 10)), KEEP, List.of("a.test")),
                Arguments.of("no records", List.of(), KEEP, List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void orders(String name, List<MxRecord> records, Random random, List<String> expected) {
        assertThat(new MxOrdering(random).order(records)).containsExactlyElementsOf(expected);
    }

    @Test
    void equalPreferenceHostsShareTheLoad() {
        MxOrdering ordering = new MxOrdering(new Random(42));
        Map<String, Integer> first = new HashMap<>();
        for (int i = 0; i < 1000; i++) {
            String head = ordering.order(List.of(mx("a.test", 10), mx("b.test", 10), mx("backup.test", 50))).get(0);
            first.merge(head, 1, Integer::sum);
        }
        assertThat(first).containsOnlyKeys("a.test", "b.test");
        assertThat(first.get("a.test")).isBetween(400, 600);
    }

    private static MxRecord mx(String host, int preference) {
        return new MxRecord(host, preference);
    }
}
