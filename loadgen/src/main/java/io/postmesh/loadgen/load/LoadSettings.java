package io.postmesh.loadgen.load;

import io.postmesh.loadgen.message.SizeMix;
import java.time.Duration;

/**
 * What one load run does.
 *
 * @param messagesPerSession messages sent on one connection before QUIT and a new connection; 0 = unlimited
 *                           (smtp-source's {@code -d} vs. one message per connection)
 * @param maxErrors          the run stops early once this many errors were recorded (a dead target must not
 *                           spin forever)
 * @param replyTimeout       a reply slower than this fails the message and closes the connection
 */
public record LoadSettings(String label, String host, int port, int sessions, SizeMix sizes, long count,
                           Duration duration, double rate, String helo, String from, String rcpt,
                           int messagesPerSession, long maxErrors, Duration replyTimeout, String runId) {

    public String target() {
        return host + ":" + port;
    }
}
