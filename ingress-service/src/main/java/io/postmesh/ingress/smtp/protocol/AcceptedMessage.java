package io.postmesh.ingress.smtp.protocol;

import io.postmesh.model.Envelope;
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
 * @param parameters   the MAIL FROM parameters (RET, ENVID, BODY, SMTPUTF8, REQUIRETLS)
 * @param helo         the EHLO/HELO name
 * @param client       the client's address
 * @param tls          the message arrived over TLS
 * @param content      the stored message: our Received header, then the data with CRLF line ends
 * @param authUser     the user the client authenticated as (RFC 4954), or null
 * @param tenant       the tenant of that user, or {@link Envelope#DEFAULT_TENANT}
 * @param tlsProtocol  the negotiated TLS protocol (e.g. {@code TLSv1.3}), or null
 * @param tlsCipher    the negotiated cipher suite, or null
 */
public record AcceptedMessage(String queueId, String reversePath, List<Recipient> recipients,
                              MailParameters parameters, String helo, InetAddress client, boolean tls,
                              byte[] content, String authUser, String tenant,
                              String tlsProtocol, String tlsCipher) {
    public AcceptedMessage {
        recipients = List.copyOf(recipients);
        tenant = tenant == null || tenant.isBlank() ? Envelope.DEFAULT_TENANT : tenant;
    }

    /** A message without TLS details. */
    public AcceptedMessage(String queueId, String reversePath, List<Recipient> recipients,
                           MailParameters parameters, String helo, InetAddress client, boolean tls,
                           byte[] content, String authUser, String tenant) {
        this(queueId, reversePath, recipients, parameters, helo, client, tls, content, authUser, tenant, null, null);
    }

    /** An unauthenticated message. */
    public AcceptedMessage(String queueId, String reversePath, List<Recipient> recipients,
                           MailParameters parameters, String helo, InetAddress client, boolean tls,
                           byte[] content) {
        this(queueId, reversePath, recipients, parameters, helo, client, tls, content, null, null);
    }

    public Ret ret() {
        return parameters.ret();
    }

    /** RFC 8689: the client asked for REQUIRETLS. */
    public boolean requireTls() {
        return parameters.requireTls();
    }
}
