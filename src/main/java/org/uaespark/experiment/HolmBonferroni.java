package org.uaespark.experiment;

import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Holm's step-down adjustment of a family of p-values (Holm 1979), which keeps the probability of any false
 * "significant" in the family at most α without assuming independence: sorted ascending, p₍ᵢ₎ becomes
 * max over j ≤ i of min(1, (m − j + 1) p₍ⱼ₎); a comparison is significant when its adjusted value is below α.
 */
public final class HolmBonferroni {
    private HolmBonferroni() {
    }

    /** The adjusted p-values of {@code p}, in its order. */
    public static double[] adjust(double[] p) {
        for (double v : p) {
            if (!(v >= 0 && v <= 1)) {
                throw new IllegalArgumentException("a p-value lies in [0, 1], not " + v);
            }
        }
        int m = p.length;
        Integer[] order = IntStream.range(0, m).boxed().sorted(Comparator.comparingDouble(i -> p[i]))
                .toArray(Integer[]::new);
        double[] adjusted = new double[m];
        double running = 0;
        for (int rank = 0; rank < m; rank++) {
            running = Math.max(running, Math.min(1, (m - rank) * p[order[rank]]));
            adjusted[order[rank]] = running;
        }
        return adjusted;
    }
}
