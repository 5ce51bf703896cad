package io.postmesh.queue.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A depth change → the hash fields it increments (unknown values and zero changes count nothing). */
class DepthChangeTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "null", textBlock = """
            acme | x.test | bulk | 3  | pm:depth:destination=x.test pm:depth:tenant=acme pm:depth:lane=bulk
            acme | x.test | null | -1 | pm:depth:destination=x.test pm:depth:tenant=acme
            null | null   | null | -1 | null
            acme | x.test | bulk | 0  | null
            """)
    void increments(String tenant, String destination, String lane, long delta, String expected) {
        List<String> fields = new DepthChange(tenant, destination, lane, delta).increments().entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).toList();
        assertThat(fields).containsExactlyElementsOf(expected == null ? List.of() : Arrays.asList(expected.split(" ")));
    }
}
