package io.postmesh.bounce.classify;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /v1/bounces/classify}: classifies one bounce message sent as the request body
 * ({@code Content-Type: message/rfc822}, the raw RFC 5322 bytes). Reads and writes no channels.
 *
 * <ul>
 *   <li>200 with a JSON array of {@code {recipient, reason, status, hardSoft, diagnostic, reportingMta}},
 *       one per failed or delayed recipient; {@code reason} is lower-case snake ({@code user_unknown}),
 *       {@code hardSoft} is {@code "hard"} or {@code "soft"}. The array is <b>empty</b> ({@code []}) when the
 *       message is not recognisably a bounce, or reports only delivered/relayed/expanded recipients.</li>
 *   <li>400 with {@code {"error": ...}} for an empty body.</li>
 *   <li>415 for any other content type.</li>
 * </ul>
 */
@Path("/v1/bounces/classify")
public class BounceClassifyResource {

    /** RFC 2046 §5.2.1. */
    public static final String MESSAGE_RFC822 = "message/rfc822";

    @POST
    @Consumes(MESSAGE_RFC822)
    @Produces(MediaType.APPLICATION_JSON)
    public Response classify(byte[] body) {
        if (body == null || body.length == 0) {
            return Response.status(Response.Status.BAD_REQUEST)
                    .entity(Map.of("error", "empty body: send the bounce message as message/rfc822"))
                    .type(MediaType.APPLICATION_JSON).build();
        }
        List<ClassifiedBounce> result = BounceClassifier.classify(body);
        return Response.ok(result).build();
    }
}
