package io.postmesh.bounce.classify;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The plain-text bounce layouts that predate or ignore RFC 3464. Each layout is recognised by its fixed
 * sentence and read by its own rules; the first layout that yields a recipient wins, and
 * {@link #generic} (an address plus an SMTP reply anywhere) is the last resort.
 */
final class TextBounceFormats {

    static final String ADDR = "[A-Za-z0-9._%+=/'-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}";
    private static final Pattern ANGLE_BLOCK =
            Pattern.compile("(?m)^<(" + ADDR + ")>:[ \\t]*\\n((?:[^\\n]*\\S[^\\n]*(?:\\n|$))*)");
    private static final Pattern QMAIL_AT = Pattern.compile("qmail-send program at ([A-Za-z0-9.-]+?)\\.?(?:\\s|$)");
    private static final Pattern REMOTE_SAID = Pattern.compile("(?i)Remote host said:\\s*(.+)");
    private static final Pattern QMAIL_REMOTE = Pattern.compile("(?m)^(\\S+) does not like recipient");
    private static final Pattern EXIM_RCPT = Pattern.compile("(?m)^  (" + ADDR + ")[ \\t]*\\n((?:    .*(?:\\n|$))*)");
    private static final Pattern HOST_BRACKET = Pattern.compile("host ([A-Za-z0-9.-]+)\\.? ?\\[");
    private static final Pattern REPLY_LINE = Pattern.compile("(?m)\\b([45]\\d\\d)[ :-]+(?:#?[245]\\.\\d{1,3}\\.\\d{1,3})?.*");
    private static final Pattern SENDMAIL_RCPT =
            Pattern.compile("(?m)^<?(" + ADDR + ")>?[ \\t]*\\n(?:[ \\t]+\\(reason: (.+?)\\)[ \\t]*$)?");
    private static final Pattern SENDMAIL_TALKING = Pattern.compile("while talking to ([A-Za-z0-9.-]+?)\\.?:");
    private static final Pattern EXCHANGE =
            Pattern.compile("(?im)^\\s*<?(" + ADDR + ")>?\\s*\\n\\s*Remote Server returned '([^']*)'");
    private static final Pattern GENERATING = Pattern.compile("(?i)Generating server:\\s*([A-Za-z0-9.-]+)");
    private static final Pattern GMAIL_RCPT = Pattern.compile(
            "(?i)(?:wasn't delivered to|failed permanently:\\s+|delivery to the following recipient[^:]*:\\s+)("
                    + ADDR + ")");
    private static final Pattern GMAIL_REPLY = Pattern.compile(
            "(?i)(?:response from the remote server was|error that the other server returned was):\\s*\\n?"
                    + "((?:[^\\n]*\\S[^\\n]*(?:\\n|$))+)");
    private static final Pattern GMAIL_REMOTE = Pattern.compile("by ([A-Za-z0-9.-]+?)\\.? \\[");
    private static final Pattern ANY_ADDR = Pattern.compile("<?(" + ADDR + ")>?");

    private TextBounceFormats() {
    }

    /**
     * @param text       the human-readable part(s) of the bounce
     * @param fromDomain the domain of the bounce's From, used as reporting MTA when the text names none
     */
    static List<ParsedBounce> parse(String text, String fromDomain) {
        String t = withoutOriginal(text.replace("\r\n", "\n"));
        List<ParsedBounce> found;
        if (t.contains("This is the qmail-send program")) {
            found = angleBlocks(t, find(QMAIL_AT, t, fromDomain));
        } else if (t.contains("unable to deliver your message to the following address")) {
            found = angleBlocks(t, fromDomain); // Yahoo: qmail-like "<addr>:" blocks with "554: ..." replies
        } else if (t.contains("mail delivery software") && t.contains("failed:")) {
            found = exim(t, fromDomain);
        } else if (t.contains("----- The following addresses had")) {
            found = sendmail(t, fromDomain);
        } else if (t.contains("Delivery has failed to these recipients or groups")) {
            found = exchange(t, fromDomain);
        } else if (GMAIL_RCPT.matcher(t).find()) {
            found = gmail(t, fromDomain);
        } else {
            found = List.of();
        }
        return found.isEmpty() ? generic(t, fromDomain) : found;
    }

    /** qmail and Yahoo: "<addr>:" then the reason, up to a blank line. */
    private static List<ParsedBounce> angleBlocks(String t, String reportingMta) {
        List<ParsedBounce> out = new ArrayList<>();
        Matcher m = ANGLE_BLOCK.matcher(t);
        while (m.find()) {
            String block = m.group(2).trim();
            Matcher said = REMOTE_SAID.matcher(block);
            String diag = said.find() ? said.group(1).trim() : oneLine(block);
            out.add(new ParsedBounce(m.group(1), null, diag, reportingMta, find(QMAIL_REMOTE, block, null)));
        }
        return out;
    }

    /** Exim: after "failed:", two-space-indented addresses, each with four-space-indented details. */
    private static List<ParsedBounce> exim(String t, String reportingMta) {
        List<ParsedBounce> out = new ArrayList<>();
        Matcher m = EXIM_RCPT.matcher(t.substring(t.indexOf("failed:")));
        while (m.find()) {
            String details = m.group(2);
            Matcher reply = REPLY_LINE.matcher(details);
            String diag = reply.find() ? oneLine(details.substring(reply.start())) : oneLine(details);
            out.add(new ParsedBounce(m.group(1), null, diag.isEmpty() ? null : diag, reportingMta,
                    find(HOST_BRACKET, details, null)));
        }
        return out;
    }

    /** Sendmail: the address list under the "-----" heading, "(reason: ...)" under each address. */
    private static List<ParsedBounce> sendmail(String t, String reportingMta) {
        List<ParsedBounce> out = new ArrayList<>();
        int start = t.indexOf("----- The following addresses had");
        int end = t.indexOf("-----", t.indexOf('\n', start) + 1);
        String section = t.substring(t.indexOf('\n', start) + 1, end > start ? end : t.length());
        String transcript = end > start ? t.substring(end) : "";
        Matcher m = SENDMAIL_RCPT.matcher(section + "\n");
        while (m.find()) {
            String diag = m.group(2);
            if (diag == null) {
                Matcher reply = Pattern.compile("(?m)^<<< (\\d{3}.*)$").matcher(transcript);
                diag = reply.find() ? reply.group(1).trim() : null;
            }
            out.add(new ParsedBounce(m.group(1), null, diag, reportingMta,
                    find(SENDMAIL_TALKING, transcript, null)));
        }
        return out;
    }

    /** Exchange / Office 365 NDR: "addr" then "Remote Server returned '550 5.1.1 ...'". */
    private static List<ParsedBounce> exchange(String t, String fromDomain) {
        List<ParsedBounce> out = new ArrayList<>();
        String reporting = find(GENERATING, t, fromDomain);
        Matcher m = EXCHANGE.matcher(t);
        while (m.find()) {
            String diag = m.group(2).trim();
            // Older Exchange wraps it: "<mx.test #5.1.1 smtp;550 5.1.1 RESOLVER...>"; keep the reply.
            int smtp = diag.indexOf("smtp;");
            if (smtp >= 0) {
                diag = diag.substring(smtp + 5).replaceAll(">$", "").trim();
            }
            out.add(new ParsedBounce(m.group(1), null, diag, reporting, null));
        }
        return out;
    }

    /** Gmail: "wasn't delivered to addr" ... "The response from the remote server was:" reply lines. */
    private static List<ParsedBounce> gmail(String t, String fromDomain) {
        Matcher rcpt = GMAIL_RCPT.matcher(t);
        Set<String> recipients = new LinkedHashSet<>();
        while (rcpt.find()) {
            recipients.add(rcpt.group(1));
        }
        Matcher reply = GMAIL_REPLY.matcher(t);
        String diag = reply.find() ? oneLine(reply.group(1)) : null;
        String remote = find(GMAIL_REMOTE, t, null);
        return recipients.stream().map(r -> new ParsedBounce(r, null, diag, fromDomain, remote)).toList();
    }

    /** Last resort: the first SMTP failure reply, and the address in it or the nearest one before it. */
    static List<ParsedBounce> generic(String t, String fromDomain) {
        Matcher reply = REPLY_LINE.matcher(t);
        while (reply.find()) {
            String line = reply.group().trim();
            Matcher inLine = ANY_ADDR.matcher(line);
            String recipient = inLine.find() ? inLine.group(1) : lastAddressBefore(t, reply.start());
            if (recipient != null && !isMailSystem(recipient)) {
                return List.of(new ParsedBounce(recipient, null, line, fromDomain, find(HOST_BRACKET, t, null)));
            }
        }
        return List.of();
    }

    private static String lastAddressBefore(String t, int end) {
        Matcher m = ANY_ADDR.matcher(t.substring(0, end));
        String last = null;
        while (m.find()) {
            if (!isMailSystem(m.group(1))) {
                last = m.group(1);
            }
        }
        return last;
    }

    private static boolean isMailSystem(String address) {
        String local = address.substring(0, address.indexOf('@')).toLowerCase(Locale.ROOT);
        return local.equals("mailer-daemon") || local.equals("postmaster");
    }

    /** Cuts the returned original message: its headers and body would otherwise look like a bounce. */
    private static String withoutOriginal(String t) {
        String[] markers = {"--- Below this line is a copy of the message", "------ This is a copy of the message",
            "----- Original message -----", "Original message headers:", "----- Original Message -----"};
        int cut = t.length();
        for (String marker : markers) {
            int i = t.indexOf(marker);
            if (i >= 0 && i < cut) {
                cut = i;
            }
        }
        return t.substring(0, cut);
    }

    private static String oneLine(String s) {
        return s.trim().replaceAll("\\s*\\n\\s*", " ");
    }

    private static String find(Pattern p, String t, String otherwise) {
        Matcher m = p.matcher(t);
        return m.find() ? m.group(1) : otherwise;
    }
}
