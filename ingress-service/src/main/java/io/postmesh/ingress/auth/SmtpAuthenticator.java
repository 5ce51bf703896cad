package io.postmesh.ingress.auth;

import io.postmesh.ingress.smtp.protocol.AuthOutcome;
import io.postmesh.ingress.smtp.protocol.SaslCredentials;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.time.Clock;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Decides an AUTH attempt for the SMTP transport: throttle check, then the credential store on a worker
 * thread (bcrypt and blocking Redis never run on the event loop), then the failure count. A failure is
 * answered only after {@code failure-delay}, on a timer, so a guesser cannot go faster than that per
 * connection while the event loop stays free.
 */
@ApplicationScoped
public class SmtpAuthenticator {
    private static final Logger LOG = Logger.getLogger(SmtpAuthenticator.class);

    @Inject
    Vertx vertx;

    @Inject
    CredentialStore store;

    private final FailureThrottle throttle;
    private final long failureDelayMillis;

    @Inject
    public SmtpAuthenticator(AuthConfig config) {
        this.throttle = new FailureThrottle(config.maxFailures(), config.failureWindow(), Clock.systemUTC());
        this.failureDelayMillis = config.failureDelay().toMillis();
    }

    /** Completes, on the caller's context, with the outcome for {@code credentials} from {@code client}. */
    public Future<AuthOutcome> authenticate(InetAddress client, SaslCredentials credentials) {
        if (throttle.blocked(client)) {
            return Future.succeededFuture(new AuthOutcome.Throttled());
        }
        Future<Optional<UserRecord>> checked = vertx.executeBlocking(() -> verify(credentials), false);
        return checked.transform(ar -> {
            if (ar.failed()) {
                LOG.warnf("credential store unavailable: %s", ar.cause().toString());
                return Future.succeededFuture(new AuthOutcome.Unavailable());
            }
            if (ar.result().isPresent()) {
                UserRecord user = ar.result().get();
                return Future.succeededFuture(new AuthOutcome.Success(user.username(), user.tenant()));
            }
            LOG.infof("AUTH failed from %s for %s", client.getHostAddress(), credentials.username());
            AuthOutcome outcome = throttle.fail(client) ? new AuthOutcome.Locked() : new AuthOutcome.Failed();
            return delayed(outcome);
        });
    }

    private Optional<UserRecord> verify(SaslCredentials credentials) {
        // RFC 4616 §2: acting as another identity (authzid) is not supported; only the user itself.
        if (!credentials.authzid().isEmpty() && !credentials.authzid().equalsIgnoreCase(credentials.username())) {
            store.verify(credentials.username(), credentials.password());  // same time as any failure
            return Optional.empty();
        }
        return store.verify(credentials.username(), credentials.password());
    }

    private Future<AuthOutcome> delayed(AuthOutcome outcome) {
        if (failureDelayMillis <= 0) {
            return Future.succeededFuture(outcome);
        }
        Promise<AuthOutcome> promise = Promise.promise();
        vertx.setTimer(failureDelayMillis, id -> promise.complete(outcome));
        return promise.future();
    }
}
