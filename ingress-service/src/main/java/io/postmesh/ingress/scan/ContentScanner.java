package io.postmesh.ingress.scan;

import io.postmesh.ingress.processing.ProcessingOutcome;
import io.postmesh.model.Envelope;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jboss.logging.Logger;

/**
 * Asks rspamd and clamd about a message, both at once, and applies the traffic's policy: relay (no
 * authenticated identity) or submission ({@link Envelope#authUser()} set). Never blocks: both clients are
 * Vert.x clients and complete on an event loop.
 */
@ApplicationScoped
public class ContentScanner {
    private static final Logger LOG = Logger.getLogger(ContentScanner.class);

    @Inject
    ScanConfig config;

    @Inject
    Vertx vertx;

    private volatile RspamdClient rspamd;
    private volatile ClamdClient clamd;

    /** The outcome for {@code content}: refused, or accepted with the scan's header fields on top. */
    public CompletionStage<ProcessingOutcome> scan(Envelope envelope, byte[] content) {
        ScanAction action = envelope.authUser() != null ? config.submission() : config.relay();
        if (!config.enabled() || action == ScanAction.PASS) {
            return CompletableFuture.completedFuture(new ProcessingOutcome.Accepted(content));
        }
        Future<Verdicts.Spam> spam = config.rspamd().url().isPresent()
                ? rspamd().check(envelope, content) : Future.succeededFuture();
        Future<Verdicts.Virus> virus = config.clamd().port().isPresent()
                ? clamd().scan(content) : Future.succeededFuture();
        return Future.all(spam, virus).<ProcessingOutcome>map(all -> {
            ScanPolicy.Decision d = ScanPolicy.decide(action, spam.result(), virus.result());
            if (d.refusal() != null) {
                LOG.infof("%s refused by content scan: %s", envelope.queueId(), d.refusal());
                return new ProcessingOutcome.Rejected(d.refusal());
            }
            return new ProcessingOutcome.Accepted(prepend(d.fields(), content));
        }).recover(failure -> {
            LOG.warnf("content scan of %s failed: %s", envelope.queueId(), failure.toString());
            return Future.succeededFuture(config.failOpen()
                    ? new ProcessingOutcome.Accepted(prepend("X-Spam-Status: unchecked (scanner unavailable)\r\n",
                            content))
                    : new ProcessingOutcome.Rejected(ScanPolicy.UNAVAILABLE));
        }).toCompletionStage();
    }

    private static byte[] prepend(String fields, byte[] content) {
        if (fields.isEmpty()) {
            return content;
        }
        byte[] head = fields.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[head.length + content.length];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(content, 0, out, head.length, content.length);
        return out;
    }

    private RspamdClient rspamd() {
        RspamdClient c = rspamd;
        if (c == null) {
            synchronized (this) {
                if (rspamd == null) {
                    rspamd = new RspamdClient(vertx, config.rspamd().url().orElseThrow(), config.rspamd().timeout());
                }
                c = rspamd;
            }
        }
        return c;
    }

    private ClamdClient clamd() {
        ClamdClient c = clamd;
        if (c == null) {
            synchronized (this) {
                if (clamd == null) {
                    clamd = new ClamdClient(vertx, config.clamd().host(), config.clamd().port().orElseThrow(),
                            config.clamd().timeout());
                }
                c = clamd;
            }
        }
        return c;
    }

    @PreDestroy
    void close() {
        if (rspamd != null) {
            rspamd.close();
        }
        if (clamd != null) {
            clamd.close();
        }
    }
}
