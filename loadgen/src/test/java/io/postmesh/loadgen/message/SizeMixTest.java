package io.postmesh.loadgen.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SizeMixTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            # spec                | draw  | size
            5k                    | 0.0   | 5120
            5k                    | 0.999 | 5120
            5k:9,100k:1           | 0.0   | 5120
            5k:9,100k:1           | 0.899 | 5120
            5k:9,100k:1           | 0.9   | 102400
            5k:9,100k:1           | 0.999 | 102400
            1k:1,2k:1,4k:2        | 0.49  | 2048
            1k:1,2k:1,4k:2        | 0.5   | 4096
            """)
    void drawsFollowTheWeights(String spec, double draw, int size) {
        assertThat(SizeMix.parse(spec).pick(draw)).isEqualTo(size);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            5k          | 5120
            5k:3,100k:1 | 5120:75.0%,102400:25.0%
            """)
    void describesItself(String spec, String text) {
        assertThat(SizeMix.parse(spec)).hasToString(text);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            5k:0
            5k:-1
            5k:1:2
            ':1'
            """)
    void refusesBadSpecs(String spec) {
        assertThatThrownBy(() -> SizeMix.parse(spec)).isInstanceOf(IllegalArgumentException.class);
    }
}
