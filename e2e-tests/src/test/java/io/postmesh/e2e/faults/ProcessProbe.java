package io.postmesh.e2e.faults;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One look at a JVM: heap used after a full GC ({@code jcmd PID GC.run}, then {@code GC.heap_info}), resident
 * set size ({@code VmRSS} of /proc/PID/status) and open file descriptors (entries of /proc/PID/fd). Linux only;
 * a figure that cannot be read is -1.
 */
record ProcessProbe(long heapUsedKb, long heapCommittedKb, long rssKb, long fds) {

    /** "total 65536K, used 6656K" in the first line of a serial/G1 GC.heap_info answer. */
    private static final Pattern HEAP = Pattern.compile("total (\\d+)K, used (\\d+)K");
    private static final Pattern RSS = Pattern.compile("VmRSS:\\s+(\\d+) kB");

    static ProcessProbe of(long pid) {
        long used = -1;
        long committed = -1;
        jcmd(pid, "GC.run");
        Matcher heap = HEAP.matcher(jcmd(pid, "GC.heap_info"));
        // Serial GC prints the generations separately: sum them.
        while (heap.find()) {
            committed = Math.max(0, committed) + Long.parseLong(heap.group(1));
            used = Math.max(0, used) + Long.parseLong(heap.group(2));
        }
        return new ProcessProbe(used, committed, rss(pid), fds(pid));
    }

    static String jcmd(long pid, String command) {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        try {
            Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), command).redirectErrorStream(true)
                    .start();
            byte[] out = p.getInputStream().readAllBytes();
            p.waitFor(60, TimeUnit.SECONDS);
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    static long rss(long pid) {
        try {
            Matcher m = RSS.matcher(Files.readString(Path.of("/proc", Long.toString(pid), "status")));
            return m.find() ? Long.parseLong(m.group(1)) : -1;
        } catch (IOException e) {
            return -1;
        }
    }

    static long fds(long pid) {
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            return fds.count();
        } catch (IOException e) {
            return -1;
        }
    }

    JsonObject toJson() {
        return new JsonObject().put("heapUsedKb", heapUsedKb).put("heapCommittedKb", heapCommittedKb)
                .put("rssKb", rssKb).put("fds", fds);
    }
}
