package org.uaespark.attack;

import java.io.Serializable;

import org.uaespark.mine.ProjectionMode;
import org.uaespark.models.ModelConfig;
import org.uaespark.models.optim.OptimizerSpec;

/**
 * Every hyperparameter of the MinMax attack ({@code paper-spec.md} §3–§4; the paper's values in brackets).
 *
 * @param method        MINE-UAE or the L2-UAE baseline
 * @param iterations    outer iterations T [40]
 * @param mineSteps     Adam steps of the statistics networks per iteration [20]
 * @param alpha         δ step size [0.01]
 * @param beta          dual step size [0.1]
 * @param c0            initial c [1e-3]
 * @param dualExponent  q of γ_t = t^(−q) [0.25]
 * @param epsilon       box bound |δ| ≤ ε [1.0]
 * @param kappa         criterion margin κ [0]
 * @param initBound     δ₀ ~ U(−bound, bound); NaN = TF's Glorot bound for a [1, H, W, C] tensor (±0.086 on MNIST)
 * @param codeOrdering  true: the official code's ordering (hinge and image before the δ step, MI after it, c
 *                      updated with the pre-step hinge); false: the paper's (everything at δ_{t+1})
 * @param projections   how the δ step's random projections are drawn (EXACT lifts the gradient to the literal
 *                      scheme's law, see {@link org.uaespark.mine.ExactProjectionGradient})
 * @param mineStepProjections how the MINE steps' projections are drawn: the same as the δ step's, or EXACT (same
 *                      law, O(K·p) instead of O(d·K·p) draws: the MINE steps need values, not gradients)
 * @param k             MINE pairs per sample [500]
 * @param p             projected dimension [128]
 * @param hidden        statistics-network tower width [512]
 * @param towerOut      statistics-network tower output [10]
 * @param mineOptimizer Adam of the statistics networks [lr 1.5e-5]
 * @param mineMovingAverage rate of MINE's moving-average gradient correction [0: the plain DV gradient]
 * @param mineInput     which pairs MINE compares [AUTO: the conv variant on the conv AE]
 */
public record AttackSettings(AttackMethod method, int iterations, int mineSteps, double alpha, double beta, double c0,
        double dualExponent, double epsilon, double kappa, double initBound, boolean codeOrdering,
        ProjectionMode projections, ProjectionMode mineStepProjections, int k, int p, int hidden, int towerOut,
        OptimizerSpec mineOptimizer, double mineMovingAverage, MineInput mineInput) implements Serializable {

    public AttackSettings {
        if (iterations <= 0 || mineSteps < 0 || (method == AttackMethod.MINE && mineSteps == 0)) {
            throw new IllegalArgumentException("iterations must be positive, and MINE needs at least one MINE step");
        }
        if (!(alpha > 0) || beta < 0 || c0 < 0 || !(epsilon > 0) || dualExponent < 0) {
            throw new IllegalArgumentException("alpha and epsilon must be positive; beta, c0, q non-negative");
        }
        if (mineInput == null) {
            throw new IllegalArgumentException("mineInput must be set");
        }
    }

    /** Whether MINE compares the first convolution's channels (the {@code conv} variant) when attacking {@code model}. */
    public boolean convolutionalMine(ModelConfig model) {
        return mineInput.convolutional(model.kind());
    }

    /** These settings with other projection modes (e.g. the literal redraw scheme as a benchmark baseline). */
    public AttackSettings withProjections(ProjectionMode deltaMode, ProjectionMode mineMode) {
        return new AttackSettings(method, iterations, mineSteps, alpha, beta, c0, dualExponent, epsilon, kappa,
                initBound, codeOrdering, deltaMode, mineMode, k, p, hidden, towerOut, mineOptimizer, mineMovingAverage, mineInput);
    }
}
