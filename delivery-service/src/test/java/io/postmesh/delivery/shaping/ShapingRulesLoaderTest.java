package io.postmesh.delivery.shaping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ShapingRulesLoaderTest {

    @Test
    void builtInRulesHaveDefaultsAndTheLargeProviders() {
        ShapingRules rules = ShapingRulesLoader.load(Optional.empty());
        assertThat(rules.defaults().maxConnections()).isEqualTo(10);
        assertThat(rules.defaults().messageRates()).isEmpty();
        assertThat(rules.providers()).extracting(ProviderRule::name).containsExactly("google", "microsoft", "yahoo");
        assertThat(rules.backoff()).isEqualTo(new ShapingRules.Backoff(0.5, 0.0625, Duration.ofMinutes(15),
                Duration.ofMinutes(1)));
    }

    @Test
    void fileOverridesFieldsItNamesAndProvidersInheritTheDefault(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("shaping.yaml");
        Files.writeString(file, """
                default:
                  max-connections: 3
                backoff:
                  pause: 30s
                providers:
                  - name: bigmail
                    mx-suffixes: ["*.bigmail.test", .mx.other.test]
                    message-rates: ["5/s", "100/h burst 10"]
                """);
        ShapingRules rules = ShapingRulesLoader.load(Optional.of(file));
        assertThat(rules.defaults().maxConnections()).isEqualTo(3);
        assertThat(rules.defaults().messageRates()).isEmpty();
        assertThat(rules.backoff().pause()).isEqualTo(Duration.ofSeconds(30));
        assertThat(rules.backoff().duration()).isEqualTo(Duration.ofMinutes(15));
        ProviderRule bigmail = rules.providers().get(0);
        assertThat(rules.providers()).hasSize(1);
        assertThat(bigmail.mxSuffixes()).containsExactly("bigmail.test", "mx.other.test");
        assertThat(bigmail.limits().maxConnections()).isEqualTo(3);
        assertThat(bigmail.limits().maxRecipientsPerTransaction()).isEqualTo(100);
        assertThat(bigmail.limits().messageRates()).extracting(Object::toString)
                .containsExactly("5/s", "100/h burst 10");
        assertThat(bigmail.matches("in1.bigmail.test")).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "default:\n  max-conections: 3\n",
            "default:\n  message-rates: [\"fast\"]\n",
            "default:\n  max-connections: 0\n",
            "backoff:\n  factor: 2\n",
            "backoff:\n  pause: soon\n",
            "providers:\n  - name: nosuffix\n",
            "providers:\n  - mx-suffixes: [a.test]\n",
            "surprise: true\n",
    })
    void badRulesAreRefusedWithAReason(String yaml) {
        assertThatThrownBy(() -> ShapingRulesLoader.parse(yaml)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("null");
    }
}
