package org.uaespark.mine;

import ai.djl.ndarray.NDArray;

import org.uaespark.models.Scalars;

/**
 * The plain Donsker–Varadhan MI estimate the paper's code uses (no moving-average gradient correction), computed
 * with a stable log-sum-exp: I = mean_k T(x_k, y_k) − (log Σ_k exp T(x_k, y_π(k)) − log K), per sample.
 */
public final class DonskerVaradhan {
    private DonskerVaradhan() {
    }

    /**
     * @param joint    T on the K joint pairs of each sample, [B, K]
     * @param marginal T on the K shuffled pairs of each sample, [B, K]
     * @return the estimate per sample, [B]
     */
    public static NDArray estimate(NDArray joint, NDArray marginal) {
        long k = marginal.getShape().get(1);
        NDArray peak = marginal.max(new int[] {1}, true).stopGradient();
        NDArray logMeanExp = Scalars.plus(marginal.sub(peak).exp().sum(new int[] {1}).log().add(peak.squeeze(1)),
                -(float) Math.log(k));
        return joint.mean(new int[] {1}).sub(logMeanExp);
    }
}
