package io.postmesh.ingress.smtp.protocol;

import io.postmesh.model.Envelope.Ret;
import io.postmesh.model.Recipient;
import java.net.InetAddress;
import java.util.List;

/**
 * A message whose data ended cleanly and now waits for the durable hand-off.
 *
 * @param queueId      the id named in our Received header and in the 250 reply
 * @param reversePath  MAIL FROM mailbox, "" for the null reverse path
 * @param recipients   accepted forward paths with their DSN parameters
 * @param parameters   the MAIL FROM parameters (RET, ENVID, BODY, SMTPUTF8)
 * @param helo         the EHLO/HELO name
 * @param client       the client's address
 * @param tls          the message arrived over TLS
 * @param content      the stored message: our Received header, then the data with CRLF line ends
 */
public record AcceptedMessage(String queueId, String reversePath, List<Recipient> recipients,
                              MailParameters parameters, String helo, InetAddress client, boolean tls,
                              byte[] content) {
    public AcceptedMessage {
        recipients = List.copyOf(recipients);
    }

    public Ret ret() {
        return parameters.ret();
    }
}
