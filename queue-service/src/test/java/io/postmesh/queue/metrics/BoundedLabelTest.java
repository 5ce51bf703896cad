package io.postmesh.queue.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BoundedLabelTest {
    @ParameterizedTest(name = "max {0}: {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            // max | values in order       | labels reported
            "2     | a.test b.test c.test   | a.test b.test other",
            "2     | a.test A.TEST b.test   | a.test a.test b.test",
            "1     | a.test b.test a.test   | a.test other a.test",
            "0     | a.test                 | other",
            "3     | ''                     | none",
    })
    void keepsTheFirstValuesAndFoldsTheRestIntoOther(int max, String values, String expected) {
        BoundedLabel label = new BoundedLabel(max);
        String[] reported = Arrays.stream(values.isBlank() ? new String[] {""} : values.trim().split("\\s+"))
                .map(label::of).toArray(String[]::new);
        assertThat(String.join(" ", reported)).isEqualTo(expected);
    }
}
