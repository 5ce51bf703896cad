package io.postmesh.ingress.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BearerAuthTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Bearer pmk_abc     | pmk_abc",
            "bearer pmk_abc     | pmk_abc",
            "BEARER   pmk_abc   | pmk_abc",
    })
    void token(String header, String token) {
        assertThat(BearerAuth.token(header)).isEqualTo(token);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
            "NULL            | missing-credentials | Bearer realm=\"postmesh\"",
            "''              | missing-credentials | Bearer realm=\"postmesh\"",
            "Basic YTpi      | bad-credentials     | Bearer realm=\"postmesh\", error=\"invalid_request\"",
            "Bearer          | bad-credentials     | Bearer realm=\"postmesh\", error=\"invalid_request\"",
            "pmk_abc         | bad-credentials     | Bearer realm=\"postmesh\", error=\"invalid_request\"",
    })
    void refused(String header, String reason, String challenge) {
        assertThatThrownBy(() -> BearerAuth.token(header))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.problem().status()).isEqualTo(401);
                    assertThat(e.problem().reason()).isEqualTo(reason);
                    assertThat(e.headers()).containsEntry("WWW-Authenticate", challenge);
                });
    }
}
