package io.postmesh.delivery.mx;

import java.util.List;

/**
 * What the answer to a domain's MX query means (RFC 5321 §5.1, RFC 7505). Pure: the DNS adapter feeds it
 * the response code and the MX records of the answer section.
 */
public sealed interface MxAnswer {

    /** The domain publishes MX records; deliver to these. */
    record Exchangers(List<MxRecord> records) implements MxAnswer {}

    /**
     * The domain exists but has no MX records (NODATA): RFC 5321 §5.1 says to treat the domain itself as
     * the single MX host with preference 0 (the "implicit MX").
     */
    record Implicit(String domain) implements MxAnswer {}

    /** No delivery is possible; see the status. */
    record Failed(MxResolution.Failure failure) implements MxAnswer {}

    /** DNS response codes (RFC 1035 §4.1.1) that matter here. */
    int NOERROR = 0;
    int SERVFAIL = 2;
    int NXDOMAIN = 3;

    static MxAnswer interpret(String domain, int rcode, List<MxRecord> records) {
        if (rcode == NXDOMAIN) {
            // RFC 3463 §3.2: X.1.2 "bad destination system address" – the domain does not exist.
            return new Failed(MxResolution.Failure.permanent("5.1.2",
                    "domain " + domain + " does not exist (DNS NXDOMAIN)"));
        }
        if (rcode != NOERROR) {
            // SERVFAIL, REFUSED and friends say nothing about the domain: try again later (X.4.3).
            return new Failed(MxResolution.Failure.temporary("4.4.3",
                    "DNS lookup of MX for " + domain + " failed: " + rcodeName(rcode)));
        }
        if (records.isEmpty()) {
            return new Implicit(domain);
        }
        if (records.size() == 1 && records.get(0).isNullMx()) {
            // RFC 7505 §3 and §4.1: a null MX says the domain accepts no mail; fail at once with X.1.10.
            return new Failed(MxResolution.Failure.permanent("5.1.10",
                    "domain " + domain + " does not accept mail (null MX, RFC 7505)"));
        }
        // A "." exchange among real ones is a misconfiguration (RFC 7505 §3 forbids it); the real hosts win.
        List<MxRecord> real = records.stream().filter(r -> !r.isNullMx()).toList();
        return new Exchangers(real);
    }

    static String rcodeName(int rcode) {
        return switch (rcode) {
            case NOERROR -> "NOERROR";
            case 1 -> "FORMERR";
            case SERVFAIL -> "SERVFAIL";
            case NXDOMAIN -> "NXDOMAIN";
            case 4 -> "NOTIMP";
            case 5 -> "REFUSED";
            default -> "RCODE " + rcode;
        };
    }
}
