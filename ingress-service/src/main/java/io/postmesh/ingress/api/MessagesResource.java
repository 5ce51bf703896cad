package io.postmesh.ingress.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.postmesh.ingress.config.IngressConfig;
import io.postmesh.model.QueueIds;
import io.smallrye.common.annotation.Blocking;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

/**
 * The HTTP submission API: {@code POST /v1/messages} (JSON or {@code message/rfc822}) and
 * {@code POST /v1/messages/batch}. Every message goes through {@link SubmissionHandoff}, so a 202 means
 * Kafka has it durably — the HTTP form of SMTP's 250. Requests are authenticated by API key (any recipient
 * domain may be used: the sender is known) and may carry an {@code Idempotency-Key}.
 *
 * <p>Methods run on worker threads ({@code @Blocking}): they read Redis and build MIME; the wait for Kafka
 * holds no thread.
 */
@Path("/v1/messages")
@Tag(name = "Submission", description = "Send mail through ingress")
@SecurityRequirement(name = "apiKey")
@SecurityScheme(securitySchemeName = "apiKey", type = SecuritySchemeType.HTTP, scheme = "bearer",
        description = "A tenant's API key (pmk_...), issued by POST /v1/admin/api-keys")
public class MessagesResource {
    static final String MAIL_FROM = "X-Postmesh-Mail-From";
    static final String RCPT_TO = "X-Postmesh-Rcpt-To";
    static final String RFC822 = "message/rfc822";
    private static final Logger LOG = Logger.getLogger(MessagesResource.class);

    @Inject
    ApiKeys keys;

    @Inject
    Idempotency idempotency;

    @Inject
    SubmissionHandoff handoff;

    @Inject
    ApiConfig config;

    @Inject
    IngressConfig ingress;

    private final MessageComposer composer = new MessageComposer();

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Blocking
    @Operation(summary = "Send one message given as JSON",
            description = "Builds RFC 5322 MIME from the JSON, adds Message-ID and Date, and replies 202 once Kafka "
                    + "has the message durably. Bcc recipients are in the envelope only.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = MessageRequest.class)))
    @APIResponse(responseCode = "202", description = "Queued",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Accepted.class)))
    @APIResponse(responseCode = "400", description = "Bad input: the problem names the field",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = "Missing or bad API key")
    @APIResponse(responseCode = "409", description = "A request with this Idempotency-Key is still running")
    @APIResponse(responseCode = "413", description = "The message is larger than the SIZE limit")
    @APIResponse(responseCode = "422", description = "The Idempotency-Key was used with another body")
    @APIResponse(responseCode = "429", description = "The tenant is over its message rate; see Retry-After")
    @APIResponse(responseCode = "503", description = "Not queued (Kafka unavailable); see Retry-After")
    public CompletionStage<Response> sendJson(
            byte[] body,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @Parameter(description = "Repeats within 24 h return the first reply without a second message")
            @HeaderParam(Idempotency.HEADER) String idempotencyKey,
            @Context HttpServerRequest request) {
        return respond(() -> {
            ApiPrincipal who = authenticate(authorization);
            SubmissionHandoff.Client client = client(request);
            return idempotency.run(who.tenant(), idempotencyKey, fingerprint("json", body), () -> {
                MessageRequest message = JsonBodies.read(JsonBodies.tree(body), MessageRequest.class);
                String queueId = QueueIds.next();
                Submission s = composer.compose(message, messageId(queueId), Instant.now());
                return single(s, queueId, who, client);
            });
        });
    }

    @POST
    @Consumes(RFC822)
    @Produces(MediaType.APPLICATION_JSON)
    @Blocking
    @Operation(summary = "Send one message given as RFC 5322 bytes",
            description = "The envelope comes from the query (mailFrom, rcptTo) or the headers X-Postmesh-Mail-From "
                    + "and X-Postmesh-Rcpt-To (comma-separated). Line ends become CRLF; Bcc fields are removed; "
                    + "Message-ID and Date are added when missing.")
    @RequestBody(required = true, content = @Content(mediaType = RFC822,
            schema = @Schema(type = SchemaType.STRING, format = "binary")))
    @APIResponse(responseCode = "202", description = "Queued",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Accepted.class)))
    @APIResponse(responseCode = "400", description = "Bad envelope or message",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "413", description = "The message is larger than the SIZE limit")
    @APIResponse(responseCode = "429", description = "The tenant is over its message rate; see Retry-After")
    @APIResponse(responseCode = "503", description = "Not queued (Kafka unavailable); see Retry-After")
    public CompletionStage<Response> sendRaw(
            byte[] body,
            @Parameter(description = "Envelope sender") @QueryParam("mailFrom") String mailFromQuery,
            @Parameter(description = "Envelope recipients (repeat, or comma-separated)") @QueryParam("rcptTo")
            List<String> rcptToQuery,
            @HeaderParam(MAIL_FROM) String mailFromHeader,
            @HeaderParam(RCPT_TO) List<String> rcptToHeader,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @HeaderParam(Idempotency.HEADER) String idempotencyKey,
            @Context HttpServerRequest request) {
        return respond(() -> {
            ApiPrincipal who = authenticate(authorization);
            SubmissionHandoff.Client client = client(request);
            String mailFrom = mailFromQuery != null ? mailFromQuery : mailFromHeader;
            List<String> rcptTo = commaList(rcptToQuery.isEmpty() ? rcptToHeader : rcptToQuery);
            String fingerprint = fingerprint("raw\n" + mailFrom + "\n" + String.join(",", rcptTo), body);
            return idempotency.run(who.tenant(), idempotencyKey, fingerprint, () -> {
                String queueId = QueueIds.next();
                Submission s = RawMessage.prepare(body, mailFrom, rcptTo, messageId(queueId), Instant.now());
                return single(s, queueId, who, client);
            });
        });
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(hidden = true)
    public Response unsupported(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType) {
        return unsupportedType(contentType, "application/json or message/rfc822");
    }

    @POST
    @Path("/batch")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Blocking
    @Operation(summary = "Send many messages given as JSON",
            description = "Each item as for POST /v1/messages; items are handed off concurrently and each gets its "
                    + "own result (202 with queueId, or its error). 200 when all were accepted, else 207. Items over "
                    + "the tenant's message rate get 429 with retryAfter (seconds); the first ones are taken.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = BatchRequest.class)))
    @APIResponse(responseCode = "200", description = "All accepted",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = BatchResult.class)))
    @APIResponse(responseCode = "207", description = "Some items failed: see each item's status",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = BatchResult.class)))
    @APIResponse(responseCode = "400", description = "Not a batch")
    @APIResponse(responseCode = "413", description = "More items than postmesh.ingress.api.batch-max-items")
    public CompletionStage<Response> sendBatch(
            byte[] body,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @HeaderParam(Idempotency.HEADER) String idempotencyKey,
            @Context HttpServerRequest request) {
        return respond(() -> {
            ApiPrincipal who = authenticate(authorization);
            SubmissionHandoff.Client client = client(request);
            return idempotency.run(who.tenant(), idempotencyKey, fingerprint("batch", body),
                    () -> batch(JsonBodies.tree(body), who, client));
        });
    }

    @POST
    @Path("/batch")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(hidden = true)
    public Response unsupportedBatch(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType) {
        return unsupportedType(contentType, "application/json");
    }

    private CompletionStage<ApiResult> batch(JsonNode tree, ApiPrincipal who, SubmissionHandoff.Client client) {
        JsonNode messages = tree.isObject() ? tree.get("messages") : null;
        if (messages == null || !messages.isArray()) {
            throw ProblemException.badRequest("messages", "missing-messages", "{\"messages\": [...]} is expected");
        }
        tree.fieldNames().forEachRemaining(name -> {
            if (!name.equals("messages")) {
                throw ProblemException.badRequest(name, "unknown-field", "unknown member " + name);
            }
        });
        if (messages.isEmpty()) {
            throw ProblemException.badRequest("messages", "empty-batch", "the batch has no messages");
        }
        if (messages.size() > config.batchMaxItems()) {
            throw new ProblemException(Problem.of(413, "messages", "too-many-messages",
                    messages.size() + " messages; at most " + config.batchMaxItems() + " per request"));
        }
        BatchResult.Item[] results = new BatchResult.Item[messages.size()];
        List<Indexed> ready = new ArrayList<>();
        Instant now = Instant.now();
        for (int i = 0; i < messages.size(); i++) {
            try {
                MessageRequest m = JsonBodies.read(messages.get(i), MessageRequest.class);
                String queueId = QueueIds.next();
                Submission s = composer.compose(m, messageId(queueId), now);
                ready.add(new Indexed(i, handoff.prepare(s, queueId, who, client)));
            } catch (ProblemException e) {
                results[i] = BatchResult.Item.failed(i, e.problem());
            }
        }
        long built = System.nanoTime();
        // One trip to the tenant's bucket for the whole batch: the first `granted` items go, the rest get 429.
        return handoff.takeRate(who.tenant(), ready.size()).thenCompose(rate -> {
            List<Indexed> go = ready.subList(0, Math.min(rate.granted(), ready.size()));
            for (Indexed over : ready.subList(go.size(), ready.size())) {
                results[over.index()] = BatchResult.Item.failed(over.index(), handoff.rateLimited(who.tenant(), rate));
            }
            return BoundedWindow.run(go, config.batchWindow(),
                        item -> handoff.handOff(item.prepared()).thenApply(a -> BatchResult.Item.accepted(item.index(), a)),
                        (item, error) -> BatchResult.Item.failed(item.index(), problemOf(error)));
        }).thenApply(handedOff -> {
                    handedOff.forEach(r -> results[r.index()] = r);
                    BatchResult result = BatchResult.of(Arrays.asList(results));
                    LOG.infof("batch for %s: %d accepted, %d refused; handed off in %d ms", who.tenant(),
                            result.accepted(), result.failed(), (System.nanoTime() - built) / 1_000_000);
                    return ApiResult.of(result.httpStatus(), result, result.accepted() > 0);
                });
    }

    private record Indexed(int index, SubmissionHandoff.Prepared prepared) {}

    private CompletionStage<ApiResult> single(Submission s, String queueId, ApiPrincipal who, SubmissionHandoff.Client client) {
        SubmissionHandoff.Prepared prepared = handoff.prepare(s, queueId, who, client);
        return handoff.takeRate(who.tenant(), 1).thenCompose(rate -> {
            if (!rate.allowed()) {
                throw handoff.rateLimited(who.tenant(), rate);
            }
            return handoff.handOff(prepared);
        }).thenApply(a -> ApiResult.of(202, a, true));
    }

    private ApiPrincipal authenticate(String authorization) {
        return keys.find(BearerAuth.token(authorization)).orElseThrow(BearerAuth::invalidToken);
    }

    /** Runs a request; every refusal, early or late, becomes its problem response. */
    private CompletionStage<Response> respond(Supplier<CompletionStage<ApiResult>> request) {
        CompletionStage<ApiResult> stage;
        try {
            stage = request.get();
        } catch (ProblemException e) {
            stage = CompletableFuture.completedFuture(ApiResult.problem(e));
        }
        return stage.handle((result, error) -> error == null ? result : ApiResult.problem(problemOf(error)))
                .thenApply(ApiResult::toResponse);
    }

    private ProblemException problemOf(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof ProblemException p) {
            return p;
        }
        // Anything unforeseen once the hand-off may have started: the client must not believe it was queued.
        LOG.errorf(cause, "submission failed unexpectedly");
        return handoff.unavailable();
    }

    private static Response unsupportedType(String contentType, String expected) {
        return ApiResult.problem(new ProblemException(Problem.of(415, "Content-Type", "unsupported-media-type",
                "Content-Type " + (contentType == null ? "(none)" : contentType) + " is not accepted; use " + expected)))
                .toResponse();
    }

    private String messageId(String queueId) {
        return "<" + queueId + "@" + ingress.hostname() + ">";
    }

    private static SubmissionHandoff.Client client(HttpServerRequest request) {
        try {
            String host = request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
            // An IP literal: no name lookup happens.
            return new SubmissionHandoff.Client(InetAddress.getByName(host == null ? "127.0.0.1" : host),
                    request.isSSL());
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<String> commaList(List<String> values) {
        List<String> out = new ArrayList<>();
        for (String v : values) {
            for (String part : v.split(",")) {
                if (!part.isBlank()) {
                    out.add(part.strip());
                }
            }
        }
        return out;
    }

    private static String fingerprint(String kind, byte[] body) {
        byte[] prefix = (kind + "\n").getBytes(StandardCharsets.UTF_8);
        return ApiKeys.sha256(prefix, body == null ? new byte[0] : body);
    }
}
