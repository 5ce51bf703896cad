package io.postmesh.queue.tracking;

import io.postmesh.queue.control.DepthChange;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything one tracking step writes for a message, as the KEYS and ARGV of {@code track-write.lua}: fields of
 * {@code pm:track:<queueId>} to set, fields to set only when absent, report counts to take once per identity
 * (into {@code pm:seen:<queueId>}), and a queue depth change. Building it is pure; {@link TrackingStore} sends
 * it as one EVALSHA instead of one round trip per command.
 */
final class TrackingWrite {
    private final String queueId;
    private final Map<String, String> set = new LinkedHashMap<>();
    private final Map<String, String> setIfAbsent = new LinkedHashMap<>();
    private final List<String> identities = new ArrayList<>();
    private String reportKey;
    private String reportField;
    private DepthChange depth = DepthChange.NONE;

    TrackingWrite(String queueId) {
        this.queueId = Objects.requireNonNull(queueId);
    }

    TrackingWrite set(Map<String, String> fields) {
        set.putAll(fields);
        return this;
    }

    TrackingWrite setIfAbsent(String field, String value) {
        setIfAbsent.put(field, value);
        return this;
    }

    /** Adds 1 to {@code field} of {@code reportKey} unless {@code identity} was counted for this message before. */
    TrackingWrite countOnce(String reportKey, String field, String identity) {
        if (this.reportKey != null && (!this.reportKey.equals(reportKey) || !this.reportField.equals(field))) {
            // One report counter per write keeps the script simple; every caller counts into one bucket.
            throw new IllegalArgumentException("one report counter per write: " + this.reportKey + " " + this.reportField);
        }
        this.reportKey = reportKey;
        this.reportField = field;
        identities.add(identity);
        return this;
    }

    TrackingWrite depth(DepthChange change) {
        this.depth = change;
        return this;
    }

    List<String> keys() {
        List<String> keys = new ArrayList<>();
        keys.add(TrackingStore.TRACK + queueId);
        keys.add(TrackingStore.SEEN + queueId);
        keys.add(reportKey == null ? TrackingStore.TRACK + queueId : reportKey); // unused without identities
        keys.addAll(depth.increments().keySet());
        return keys;
    }

    List<String> args(Duration retention, Duration reportRetention) {
        Map<String, String> increments = depth.increments();
        List<String> args = new ArrayList<>();
        args.add(Long.toString(retention.toSeconds()));
        args.add(Long.toString(reportRetention.toSeconds()));
        args.add(reportField == null ? "" : reportField);
        args.add(Long.toString(depth.delta()));
        args.add(Integer.toString(increments.size()));
        args.add(Integer.toString(set.size()));
        args.add(Integer.toString(setIfAbsent.size()));
        args.add(Integer.toString(identities.size()));
        args.addAll(increments.values());
        set.forEach((f, v) -> {
            args.add(f);
            args.add(v);
        });
        setIfAbsent.forEach((f, v) -> {
            args.add(f);
            args.add(v);
        });
        args.addAll(identities);
        return args;
    }
}
