package io.postmesh.bounce.suppression;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The per-tenant suppression list as the bounce service writes it. Addresses are compared in lower case
 * (callers pass them validated, see {@link MailboxNames}). Expired entries are invisible to {@link #get} and
 * {@link #list}, exactly as they no longer suppress in the queue service.
 */
public interface SuppressionStore {

    /**
     * Adds or replaces the entry for {@code address}; with a TTL it expires then.
     *
     * @return true if there was no entry before (a new suppression), false if one was replaced
     */
    boolean add(String tenant, String address, String reason, Optional<Duration> ttl);

    /** @return true if there was an entry to remove */
    boolean remove(String tenant, String address);

    /** The entry, if there is one in force now. */
    Optional<Suppression> get(String tenant, String address);

    /**
     * One page of at most {@code limit} of the tenant's entries in force. {@code cursor} is "0" for the first
     * page, then the previous page's {@link Page#next()}. Like Redis SCAN: every entry present for the whole
     * walk is returned, entries added or removed meanwhile may or may not be, and an entry may repeat.
     */
    Page list(String tenant, String cursor, int limit);

    /** @param next cursor of the following page, or null when this was the last one */
    record Page(List<Suppression> items, String next) {}
}
