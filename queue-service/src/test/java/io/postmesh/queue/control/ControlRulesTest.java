package io.postmesh.queue.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Rule scopes, their matching against jobs, and validation of API requests. */
class ControlRulesTest {

    @ParameterizedTest(name = "tenant={0} destination={1} → {2}")
    @CsvSource(nullValues = "null", value = {
            "acme, null, tenant:acme",
            "null, Example.COM, destination:example.com",
            "acme, example.com, tenant:acme|destination:example.com"})
    void fieldsRoundTrip(String tenant, String destination, String field) {
        RuleScope scope = new RuleScope(tenant, destination);
        assertThat(scope.field()).isEqualTo(field);
        assertThat(RuleScope.parse(field)).isEqualTo(scope);
    }

    @ParameterizedTest(name = "rule {0} covers job {1}/{2}: {3}")
    @CsvSource({
            "tenant:acme, acme, a.test, true",
            "tenant:acme, other, a.test, false",
            "destination:a.test, other, A.TEST, true",
            "destination:a.test, acme, b.test, false",
            "tenant:acme|destination:a.test, acme, a.test, true",
            "tenant:acme|destination:a.test, acme, b.test, false",
            "tenant:acme|destination:a.test, other, a.test, false"})
    void rulesCoverJobs(String field, String tenant, String destination, boolean covered) {
        ControlSnapshot snapshot = new ControlSnapshot(Map.of(field, new Suspension(null, null, null)),
                Map.of(field, 100L), Map.of(field, 200L), 1);
        assertThat(snapshot.suspended(tenant, destination)).isEqualTo(covered);
        assertThat(snapshot.flushedAt(tenant, destination)).isEqualTo(covered ? 100L : 0L);
        assertThat(snapshot.purgedAt(tenant, destination)).isEqualTo(covered ? 200L : 0L);
    }

    @Test
    void theLatestCoveringStampWins() {
        ControlSnapshot snapshot = new ControlSnapshot(Map.of(),
                Map.of("tenant:acme", 300L, "destination:a.test", 500L), Map.of(), 0);
        assertThat(snapshot.flushedAt("acme", "a.test")).isEqualTo(500L);
        assertThat(snapshot.flushedAt("acme", "b.test")).isEqualTo(300L);
    }

    @ParameterizedTest(name = "tenant={0} destination={1} → {2}")
    @CsvSource(nullValues = "null", value = {
            "null, null, give \"tenant\", \"destination\" or both",
            "'  ', '', give \"tenant\", \"destination\" or both",
            "ac:me, null, \"tenant\" must be",
            "acme|x, null, \"tenant\" must be",
            "null, exa mple.com, \"destination\" must be a domain",
            "null, a.test|destination:b, \"destination\" must be a domain",
            "null, -bad.test, \"destination\" must be a domain"})
    void refusesBadScopes(String tenant, String destination, String message) {
        assertThatThrownBy(() -> ScopeRequest.scopeOf(new ScopeRequest(tenant, destination, null, null)))
                .isInstanceOf(InvalidRequest.class).hasMessageContaining(message);
    }

    @Test
    void refusesAMissingBodyAndAcceptsGoodOnes() {
        assertThatThrownBy(() -> ScopeRequest.scopeOf(null)).isInstanceOf(InvalidRequest.class)
                .hasMessageContaining("JSON body");
        assertThat(ScopeRequest.scopeOf(new ScopeRequest(" acme ", "Mail.Example.com", "ops", "blocklisted")))
                .isEqualTo(new RuleScope("acme", "mail.example.com"));
        assertThat(ScopeRequest.scopeOf(new ScopeRequest(null, "[192.0.2.1]", null, null)).destination())
                .isEqualTo("[192.0.2.1]");
    }
}
