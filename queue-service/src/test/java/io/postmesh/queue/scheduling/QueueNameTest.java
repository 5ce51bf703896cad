package io.postmesh.queue.scheduling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class QueueNameTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(nullValues = "null", value = {
            "example.test,                   null,   default, example.test",
            "acme@example.test,              null,   acme,    example.test",
            "spring:acme@example.test,       spring, acme,    example.test",
            "spring:default@example.test,    spring, default, example.test",
            "acme@Example.TEST,              null,   acme,    example.test",
    })
    void parsesAndFormatsKumoStyleNames(String name, String campaign, String tenant, String domain) {
        QueueName parsed = QueueName.parse(name);
        assertThat(parsed).isEqualTo(new QueueName(campaign, tenant, domain));
        assertThat(QueueName.parse(parsed.format())).isEqualTo(parsed);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "spring:example.test", "acme@"})
    void refusesNamesWithoutDomainOrCampaignWithoutTenant(String name) {
        assertThatThrownBy(() -> QueueName.parse(name)).isInstanceOf(IllegalArgumentException.class);
    }
}
