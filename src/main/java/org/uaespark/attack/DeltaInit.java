package org.uaespark.attack;

import java.util.SplittableRandom;

/**
 * The δ initialisation of the paper's code: TensorFlow's default Glorot-uniform initialiser applied to the
 * perturbation variable of shape [1, H, W, C] (src/site/markdown/paper-spec.md §10.4), or [1, d] for tabular samples.
 */
public final class DeltaInit {
    private DeltaInit() {
    }

    /**
     * TF's Glorot bound √(6 / (fan_in + fan_out)) for the perturbation of one sample of {@code shape}: for
     * [H, W, C] the 4-D rule (receptive field 1·H, fan_in = W·H, fan_out = C·H): 0.0860 for 28×28×1, 0.0732 for
     * 32×32×3; for [d] the 2-D rule (fan_in 1, fan_out d).
     */
    public static double glorotBound(int[] shape) {
        if (shape.length == 3) {
            double receptive = shape[0];
            return Math.sqrt(6.0 / (shape[1] * receptive + shape[2] * receptive));
        }
        int d = 1;
        for (int s : shape) {
            d *= s;
        }
        return Math.sqrt(6.0 / (1 + d));
    }

    /** d values of U(−bound, bound) from {@code random}. */
    static float[] uniform(int d, double bound, SplittableRandom random) {
        float[] delta = new float[d];
        for (int i = 0; i < d; i++) {
            delta[i] = (float) ((random.nextDouble() * 2 - 1) * bound);
        }
        return delta;
    }
}
