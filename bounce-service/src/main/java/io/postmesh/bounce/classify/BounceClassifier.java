package io.postmesh.bounce.classify;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Raw bounce bytes → one {@link ClassifiedBounce} per recipient: {@link BounceParser} finds who bounced and
 * with what, {@link ReplyClassifier} says why. Pure; reads and writes no channels.
 */
public final class BounceClassifier {

    /** "550 5.1.1 text", "550-5.1.1 text", "554: text" (Yahoo), "550 #5.1.0 text" (IronPort). */
    private static final Pattern REPLY = Pattern.compile("^\\s*([2-5]\\d\\d)(?:[ :-]+|$)(.*)", Pattern.DOTALL);

    private BounceClassifier() {
    }

    /** The bounced recipients of {@code raw}, classified; empty when none could be found. */
    public static List<ClassifiedBounce> classify(byte[] raw) {
        return BounceParser.parse(raw).stream().map(BounceClassifier::classify).toList();
    }

    /**
     * The recipients of {@code raw} that failed for good, classified: as {@link #classify(byte[])} without the
     * delay warnings (RFC 3464 Action: delayed), which say the message may still be delivered.
     */
    public static List<ClassifiedBounce> classifyFailures(byte[] raw) {
        return BounceParser.parse(raw).stream().filter(b -> !b.delayed()).map(BounceClassifier::classify).toList();
    }

    static ClassifiedBounce classify(ParsedBounce b) {
        int code = 0;
        String text = b.diagnostic();
        if (text != null) {
            Matcher m = REPLY.matcher(text);
            if (m.matches()) {
                code = Integer.parseInt(m.group(1));
                text = m.group(2);
            }
        }
        String status = b.status();
        String replyStatus = ReplyClassifier.normalize(text);
        // RFC 3464 §2.3.4 makes Status authoritative, but many MTAs write a generic X.0.0 there while the
        // Diagnostic-Code carries the receiver's specific code: prefer the specific one of the same class.
        if (status == null || (status.endsWith(".0.0") && replyStatus != null
                && replyStatus.charAt(0) == status.charAt(0))) {
            status = replyStatus != null ? replyStatus : status;
        }
        Classification c = ReplyClassifier.classify(code, status, text);
        return new ClassifiedBounce(b.recipient(), c.reason().wireName(), c.status(), c.hardSoft().wireName(),
                b.diagnostic(), b.reportingMta());
    }
}
