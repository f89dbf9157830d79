package org.uaespark.models.contrastive;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import org.uaespark.models.Scalars;

/**
 * SimCLR's NT-Xent loss as its {@code add_contrastive_loss} computes it: projections L2-normalised, for the first
 * views a_i the softmax cross-entropy of [a_i·b_jᵀ, a_i·a_jᵀ]/τ (self-similarity masked) with the positive b_i,
 * likewise for the second views, and the two means added. Identical views give 2·ln(2n − 1).
 */
public final class NtXent {
    /** What is subtracted from a view's similarity to itself (SimCLR's LARGE_NUM). */
    static final double LARGE = 1e9;

    private NtXent() {
    }

    /**
     * The loss of each group of views.
     *
     * @param projections [G, 2n, D]: per group the n first views, then the n second views in the same order
     * @param temperature τ
     * @return [G]
     */
    public static NDArray perGroup(NDArray projections, double temperature) {
        Shape shape = projections.getShape();
        long n = shape.get(1) / 2;
        NDArray squared = projections.square().sum(new int[] {2}, true);
        NDArray normalised = projections.div(squared.maximum(Scalars.of(squared, 1e-12)).sqrt());
        NDArray a = normalised.get(":, :{}, :", n);
        NDArray b = normalised.get(":, {}:, :", n);
        NDManager m = projections.getManager();
        NDArray eye = m.eye(Math.toIntExact(n)).toType(projections.getDataType(), false);
        NDArray mask = Scalars.times(eye, LARGE);
        NDArray ab = Scalars.over(a.matMul(b.transpose(0, 2, 1)), temperature);
        NDArray aa = Scalars.over(a.matMul(a.transpose(0, 2, 1)), temperature).sub(mask);
        NDArray ba = Scalars.over(b.matMul(a.transpose(0, 2, 1)), temperature);
        NDArray bb = Scalars.over(b.matMul(b.transpose(0, 2, 1)), temperature).sub(mask);
        return crossEntropy(ab.concat(aa, 2), eye, n).add(crossEntropy(ba.concat(bb, 2), eye, n));
    }

    /** Mean over rows i of −log softmax(logits_i)[i]: [G]. */
    private static NDArray crossEntropy(NDArray logits, NDArray eye, long n) {
        NDArray logProbabilities = logits.logSoftmax(2).get(":, :, :{}", n);
        return logProbabilities.mul(eye).sum(new int[] {1, 2}).neg().div(Scalars.of(logits, n));
    }
}
