package io.postmesh.bounce.dsn;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Writes the DSNs of {@link DsnBuilderTest}'s table to {@code target/dsn-samples/} with what each must say,
 * so that CI can read them with an independent parser (Python's {@code email} package, {@code .ci/check-dsn.py}).
 */
class DsnSamplesTest {

    @Test
    void writesEveryDsnOfTheTableWithItsExpectations() throws IOException {
        Path dir = Files.createDirectories(Path.of("target", "dsn-samples"));
        DsnBuilder builder = new DsnBuilder("mx.postmesh.test", "postmaster@postmesh.test");
        int written = 0;
        for (DsnBuilderTest.Case c : DsnBuilderTest.cases().toList()) {
            Optional<Dsn> dsn = builder.build(c.job(), c.outcomes(), c.original(), DsnBuilderTest.QID,
                    DsnBuilderTest.NOW);
            if (c.expected().isEmpty()) {
                assertThat(dsn).as(c.name()).isEmpty();
                continue;
            }
            String slug = c.name().replaceAll("[^A-Za-z0-9]+", "-");
            Files.write(dir.resolve(slug + ".eml"), dsn.orElseThrow().bytes());
            List<String> expect = c.expected().stream()
                    .map(r -> String.join("|", r.address(), "failed", r.status(), c.thirdPart()))
                    .toList();
            Files.write(dir.resolve(slug + ".expect"), expect, StandardCharsets.UTF_8);
            written++;
        }
        assertThat(written).isGreaterThanOrEqualTo(5);
    }
}
