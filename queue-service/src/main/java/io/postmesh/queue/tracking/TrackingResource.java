package io.postmesh.queue.tracking;

import io.postmesh.queue.control.InvalidRequest;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.hash.ReactiveHashCommands;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Message tracking ({@code /v1/messages}) and campaign reports ({@code /v1/reports/campaigns}). */
@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
public class TrackingResource {
    private static final Pattern QUEUE_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private final TrackingStore store;
    private final ReactiveHashCommands<String, String, Long> counters;
    private final TrackingConfig config;

    public TrackingResource(TrackingStore store, ReactiveRedisDataSource redis, TrackingConfig config) {
        this.store = store;
        this.counters = redis.hash(Long.class);
        this.config = config;
    }

    /** Summed counters of a campaign over a window. */
    public record CampaignReport(String tenant, String campaign, Instant from, Instant to, Map<String, Long> counts) {}

    @GET
    @Path("/messages/{queueId}")
    @Tag(name = "messages", description = "Where a message and each of its recipients stand")
    @Operation(summary = "Track a message by queue id",
            description = "Per recipient: status (accepted, deferred, held, delivered, bounced, suppressed, expired, purged), "
                    + "attempts, last reply, remote MTA. 404 when unknown or older than the tracking retention.")
    public Uni<MessageView> message(@PathParam("queueId") String queueId) {
        if (!QUEUE_ID.matcher(queueId).matches()) {
            throw InvalidRequest.badRequest("not a queue id: " + queueId);
        }
        return store.find(queueId).map(view -> {
            if (view == null) {
                throw InvalidRequest.notFound("no message with queue id " + queueId);
            }
            return view;
        });
    }

    @GET
    @Path("/reports/campaigns")
    @Tag(name = "reports", description = "Campaign outcome counts")
    @Operation(summary = "Campaign report over a time window",
            description = "Recipients accepted, delivered, deferred, bounced, suppressed, complained and expired for a "
                    + "tenant and campaign (omit campaign for mail without one), summed over UTC hours overlapping "
                    + "[from, to). Window at most 35 days.")
    public Uni<CampaignReport> campaign(@QueryParam("tenant") String tenant, @QueryParam("campaign") String campaign,
                                        @QueryParam("from") String from, @QueryParam("to") String to) {
        ReportQuery query = ReportQuery.parse(tenant, campaign, from, to, config.reportRetention());
        List<Uni<Map<String, Long>>> reads = query.bucketKeys().stream().map(counters::hgetall).toList();
        return Uni.join().all(reads).andFailFast().map(buckets -> {
            Map<String, Long> counts = new LinkedHashMap<>();
            ReportBuckets.FIELDS.forEach(f -> counts.put(f, 0L));
            for (Map<String, Long> bucket : buckets) {
                bucket.forEach((field, n) -> counts.merge(field, n == null ? 0 : n, Long::sum));
            }
            return new CampaignReport(query.tenant(), query.campaign(), query.from(), query.to(), counts);
        });
    }
}
