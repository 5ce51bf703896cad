package io.postmesh.queue.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.postmesh.queue.control.DepthChange;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A tracking step → the KEYS and ARGV of track-write.lua (the layout the script reads). */
class TrackingWriteTest {
    private static final Duration RETENTION = Duration.ofDays(7);
    private static final Duration REPORTS = Duration.ofDays(35);

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            # case                  | set      | setnx           | identities            | depth (tenant,dest,lane,delta) | keys                                                                      | args after the 8 counts header
            nothing but the expiry  |          |                 |                       |                                | pm:track:Q pm:seen:Q pm:track:Q                                           | 604800 3024000 - 0 0 0 0 0
            one field, one count    | lane=bulk|                 | DELIVERED:a@x.test:1  |                                | pm:track:Q pm:seen:Q pm:report:r                                          | 604800 3024000 f 0 0 1 0 1 lane bulk DELIVERED:a@x.test:1
            count out, lane unknown |          |                 |                       | acme,x.test,,-1                | pm:track:Q pm:seen:Q pm:track:Q pm:depth:destination pm:depth:tenant      | 604800 3024000 - -1 2 0 0 0 x.test acme
            register two recipients | tenant=acme | rcpt:a=A rcpt:b=B | ACCEPTED:a:0 ACCEPTED:b:0 | acme,x.test,bulk,2        | pm:track:Q pm:seen:Q pm:report:r pm:depth:destination pm:depth:tenant pm:depth:lane | 604800 3024000 f 2 3 1 2 2 x.test acme bulk tenant acme rcpt:a A rcpt:b B ACCEPTED:a:0 ACCEPTED:b:0
            """)
    void layout(String name, String set, String setnx, String identities, String depth, String keys, String args) {
        TrackingWrite write = new TrackingWrite("Q");
        pairs(set).forEach((f, v) -> write.set(Map.of(f, v)));
        pairs(setnx).forEach(write::setIfAbsent);
        words(identities).forEach(id -> write.countOnce("pm:report:r", "f", id));
        if (depth != null) {
            String[] d = depth.split(",", -1);
            write.depth(new DepthChange(blank(d[0]), blank(d[1]), blank(d[2]), Long.parseLong(d[3])));
        }
        assertThat(write.keys()).containsExactlyElementsOf(words(keys));
        List<String> expected = words(args).stream().map(a -> a.equals("-") ? "" : a).toList();
        assertThat(write.args(RETENTION, REPORTS)).containsExactlyElementsOf(expected);
    }

    @Test
    void oneReportCounterPerWrite() {
        TrackingWrite write = new TrackingWrite("Q").countOnce("pm:report:r", "delivered", "x");
        assertThatThrownBy(() -> write.countOnce("pm:report:other", "delivered", "y"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static Map<String, String> pairs(String text) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        words(text).forEach(p -> out.put(p.substring(0, p.indexOf('=')), p.substring(p.indexOf('=') + 1)));
        return out;
    }

    private static List<String> words(String text) {
        return text == null ? List.of() : Arrays.asList(text.trim().split("\\s+"));
    }

    private static String blank(String s) {
        return s.isEmpty() ? null : s;
    }
}
