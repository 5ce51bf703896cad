package io.postmesh.bounce.verp;

/** Minimal RFC 3464 reports as a remote MTA writes them, for the async-bounce tests. */
final class Dsns {
    private Dsns() {}

    /** A multipart/report DSN with one recipient group per {@code action:recipient:status} triple. */
    static String report(String... groups) {
        StringBuilder fields = new StringBuilder("Reporting-MTA: dns; mx.remote.test\r\n");
        for (String g : groups) {
            String[] p = g.split(":", 3);
            fields.append("\r\nFinal-Recipient: rfc822; ").append(p[1]).append("\r\n")
                    .append("Action: ").append(p[0]).append("\r\n")
                    .append("Status: ").append(p[2]).append("\r\n")
                    .append("Diagnostic-Code: smtp; ").append(p[2].startsWith("5") ? "550 " : "451 ").append(p[2])
                    .append(p[2].equals("5.1.1") ? " user unknown" : " try later").append("\r\n");
        }
        return "From: MAILER-DAEMON@mx.remote.test\r\n"
                + "To: <bounce@bounces.postmesh.test>\r\n"
                + "Subject: Delivery Status Notification\r\n"
                + "MIME-Version: 1.0\r\n"
                + "Content-Type: multipart/report; report-type=delivery-status; boundary=\"B\"\r\n"
                + "\r\n"
                + "--B\r\nContent-Type: text/plain\r\n\r\nYour message could not be delivered.\r\n"
                + "--B\r\nContent-Type: message/delivery-status\r\n\r\n" + fields
                + "--B--\r\n";
    }
}
