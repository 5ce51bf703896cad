package io.postmesh.delivery.shaping;

/**
 * A destination site: all domains whose mail goes to the same receiving infrastructure share its limits.
 * Named {@code provider:<name>} when a provider rule matched the MX hosts, else {@code mx:<sorted MX hosts>}.
 */
public record Site(String name, SiteLimits limits) {

    public Site {
        if (name.indexOf('{') >= 0 || name.indexOf('}') >= 0) {
            // The name becomes a Redis Cluster hash tag ({name}) in every key of the site.
            throw new IllegalArgumentException("site names cannot contain braces: " + name);
        }
    }
}
