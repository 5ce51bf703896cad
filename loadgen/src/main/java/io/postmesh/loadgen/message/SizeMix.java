package io.postmesh.loadgen.message;

import io.postmesh.loadgen.cli.Args;
import java.util.ArrayList;
import java.util.List;

/**
 * The message size distribution: one fixed size ({@code 5k}) or sizes with weights ({@code 5k:9,100k:1}, 90 %
 * of messages 5 KiB and 10 % 100 KiB).
 */
public final class SizeMix {
    private final List<Integer> sizes;
    private final double[] cumulative;

    private SizeMix(List<Integer> sizes, double[] cumulative) {
        this.sizes = List.copyOf(sizes);
        this.cumulative = cumulative;
    }

    public static SizeMix parse(String spec) {
        List<Integer> sizes = new ArrayList<>();
        List<Double> weights = new ArrayList<>();
        for (String part : spec.split(",")) {
            String[] sw = part.trim().split(":");
            if (sw.length > 2 || sw[0].isBlank()) {
                throw new IllegalArgumentException("bad size mix " + spec + " (e.g. 5k or 5k:9,100k:1)");
            }
            double weight = sw.length == 2 ? Double.parseDouble(sw[1]) : 1.0;
            if (!(weight > 0)) {
                throw new IllegalArgumentException("weights must be positive: " + part);
            }
            sizes.add(Args.parseSize(sw[0]));
            weights.add(weight);
        }
        double total = weights.stream().mapToDouble(Double::doubleValue).sum();
        double[] cumulative = new double[weights.size()];
        double sum = 0;
        for (int i = 0; i < weights.size(); i++) {
            sum += weights.get(i) / total;
            cumulative[i] = sum;
        }
        cumulative[cumulative.length - 1] = 1.0;
        return new SizeMix(sizes, cumulative);
    }

    /** The size for a uniform draw {@code u} in [0, 1). */
    public int pick(double u) {
        for (int i = 0; i < cumulative.length; i++) {
            if (u < cumulative[i]) {
                return sizes.get(i);
            }
        }
        return sizes.get(sizes.size() - 1);
    }

    public List<Integer> sizes() {
        return sizes;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        double previous = 0;
        for (int i = 0; i < sizes.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(sizes.get(i));
            if (sizes.size() > 1) {
                sb.append(':').append(Math.round((cumulative[i] - previous) * 1000) / 10.0).append('%');
            }
            previous = cumulative[i];
        }
        return sb.toString();
    }
}
