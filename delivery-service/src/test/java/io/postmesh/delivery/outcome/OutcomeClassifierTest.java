package io.postmesh.delivery.outcome;

import static org.assertj.core.api.Assertions.assertThat;

import io.postmesh.model.RecipientOutcome;
import io.postmesh.model.RecipientOutcome.Result;
import io.postmesh.model.SmtpReply;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OutcomeClassifierTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "250 2.0.0 Ok: queued as ABC     | SUCCESS           | 2.0.0  | 250 2.0.0 Ok: queued as ABC",
            "250 Ok                          | SUCCESS           | 2.0.0  | 250 Ok",
            "251 2.1.5 will forward          | SUCCESS           | 2.1.5  | 251 2.1.5 will forward",
            "451 4.7.1 greylisted            | TEMPORARY_FAILURE | 4.7.1  | 451 4.7.1 greylisted",
            "452 too many recipients         | TEMPORARY_FAILURE | 4.0.0  | 452 too many recipients",
            "550 5.1.1 no such user          | PERMANENT_FAILURE | 5.1.1  | 550 5.1.1 no such user",
            "554 transaction failed          | PERMANENT_FAILURE | 5.0.0  | 554 transaction failed",
            "552 5.3.4 message too big       | PERMANENT_FAILURE | 5.3.4  | 552 5.3.4 message too big",
            "550 4.1.1 mismatched class      | PERMANENT_FAILURE | 5.0.0  | 550 4.1.1 mismatched class",
            "354 go ahead                    | TEMPORARY_FAILURE | 4.0.0  | 354 go ahead",
    })
    void classifies(String line, Result result, String status, String diagnostic) {
        RecipientOutcome outcome = OutcomeClassifier.fromReply("bob@d.test", SmtpReply.parse(line.strip()),
                "mx.d.test", Instant.EPOCH);
        assertThat(outcome.result()).isEqualTo(result);
        assertThat(outcome.status()).isEqualTo(status);
        assertThat(outcome.diagnostic()).isEqualTo(diagnostic);
        assertThat(outcome.remoteMta()).isEqualTo("mx.d.test");
        assertThat(outcome.recipient()).isEqualTo("bob@d.test");
    }
}
