package io.postmesh.queue.scheduling;

import io.postmesh.model.Envelope;
import java.util.Locale;

/**
 * A scheduled queue's name in KumoMTA's form {@code [campaign:][tenant@]domain}: the unit that depth,
 * suspension and reports are about. The campaign and tenant parts are left out when absent (the default
 * tenant is written out only when a campaign is present, so that {@code campaign:tenant@domain} stays
 * unambiguous).
 *
 * @param campaign the campaign, or null
 * @param tenant   the tenant, never null
 * @param domain   the destination domain, lower case
 */
public record QueueName(String campaign, String tenant, String domain) {

    public QueueName {
        if (domain == null || domain.isBlank()) {
            throw new IllegalArgumentException("a queue name needs a domain");
        }
        domain = domain.toLowerCase(Locale.ROOT);
        tenant = tenant == null || tenant.isBlank() ? Envelope.DEFAULT_TENANT : tenant;
        campaign = campaign == null || campaign.isBlank() ? null : campaign;
    }

    public static QueueName of(Envelope job) {
        return new QueueName(job.campaign(), job.tenant(), job.destination());
    }

    /** Parses {@code domain}, {@code tenant@domain} or {@code campaign:tenant@domain}. */
    public static QueueName parse(String name) {
        String rest = name;
        String campaign = null;
        int colon = rest.indexOf(':');
        if (colon >= 0) {
            campaign = rest.substring(0, colon);
            rest = rest.substring(colon + 1);
        }
        String tenant = null;
        int at = rest.lastIndexOf('@');
        if (at >= 0) {
            tenant = rest.substring(0, at);
            rest = rest.substring(at + 1);
        }
        if (campaign != null && (tenant == null || tenant.isEmpty())) {
            throw new IllegalArgumentException("a campaign needs a tenant: " + name);
        }
        return new QueueName(campaign, tenant, rest);
    }

    public String format() {
        if (campaign != null) {
            return campaign + ":" + tenant + "@" + domain;
        }
        return Envelope.DEFAULT_TENANT.equals(tenant) ? domain : tenant + "@" + domain;
    }

    @Override
    public String toString() {
        return format();
    }
}
