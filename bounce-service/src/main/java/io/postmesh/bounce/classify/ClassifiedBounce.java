package io.postmesh.bounce.classify;

/**
 * One bounced recipient with its verdict. Serialised as the JSON of {@code POST /v1/bounces/classify}.
 *
 * @param recipient    the address that bounced
 * @param reason       why, lower-case snake ({@link Reason#wireName()}), e.g. {@code user_unknown}
 * @param status       RFC 3463 status code ({@code 5.1.1}); {@code C.0.0} when the bounce gave none
 * @param hardSoft     {@code hard} or {@code soft} ({@link HardSoft#wireName()})
 * @param diagnostic   the remote reply as reported, or null
 * @param reportingMta the MTA that wrote the bounce, or null
 */
public record ClassifiedBounce(String recipient, String reason, String status, String hardSoft, String diagnostic,
                               String reportingMta) {

    /** The reason as the enum. */
    public Reason reasonEnum() {
        return Reason.valueOf(reason.toUpperCase(java.util.Locale.ROOT));
    }
}
