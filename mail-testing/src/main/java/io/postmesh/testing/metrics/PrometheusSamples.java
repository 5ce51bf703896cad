package io.postmesh.testing.metrics;

/** Reads samples out of a Prometheus text exposition (a service's {@code /q/metrics}) for assertions. */
public final class PrometheusSamples {
    private PrometheusSamples() {}

    /** Sum of the samples of {@code name} whose label sets contain every one of {@code labels} (e.g. {@code type="X"}). */
    public static double sum(String exposition, String name, String... labels) {
        double sum = 0;
        for (String line : exposition.split("\n")) {
            if (!line.startsWith(name + "{") && !line.startsWith(name + " ")) {
                continue;
            }
            boolean all = true;
            for (String label : labels) {
                all &= line.contains(label);
            }
            if (all) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }
}
