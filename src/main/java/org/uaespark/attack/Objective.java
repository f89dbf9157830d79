package org.uaespark.attack;

import java.util.List;
import java.util.function.Supplier;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

import org.uaespark.models.UnsupervisedCriterion;

/**
 * What the MinMax loop minimises next to the hinge c·f⁺(x + δ), and the selection rule that goes with it: MINE's
 * estimate I_Θ(x, x + δ) ({@link MineObjective}, MINE-UAE) or minus the distance ‖x − Φ(x + δ)‖₂
 * ({@link L2Objective}, the L2-UAE baseline). One objective serves one batch of one attack.
 */
sealed interface Objective permits MineObjective, L2Objective {

    /**
     * The objective of {@code settings.method()} for a batch attacked under {@code target}.
     *
     * @param attack    the attack's manager: owns whatever the objective keeps across iterations
     * @param mineSeeds per-sample seeds of MINE's own draws (network weights, shuffles)
     */
    static Objective of(AttackSettings settings, UnsupervisedCriterion target, NDManager attack, long[] mineSeeds) {
        return switch (settings.method()) {
            case MINE -> MineObjective.create(settings, target, attack, mineSeeds);
            case L2 -> new L2Objective();
        };
    }

    /** Arrays the objective updates in place across iterations: attached to every scope that reads them. */
    List<NDArray> mutableState();

    /**
     * ∂/∂δ of Σ_b (c_b·f⁺_b + term_b) at the current δ with this evaluation's draws (runs backward, leaves graph
     * recording off).
     */
    float[][] gradient(Evaluation evaluation);

    /**
     * The objective's own update after the δ step (MINE: its Adam steps on fresh draws), at the new iterates
     * {@code images}; returns the per-sample value recorded with them (the MINE estimate, or NaN).
     */
    double[] update(NDManager attack, float[][] x, float[][] images, long[] sampleSeeds, long sharedSeed, int t);

    /**
     * Trains the objective's own parameters for {@code steps} steps at the starting iterates before the first
     * iteration (MINE: its statistics networks on (x, x + δ₀)); objectives without learnt parameters have nothing
     * to warm up.
     */
    default void warmUp(NDManager attack, float[][] x, float[][] images, long[] sampleSeeds, long sharedSeed,
            int steps) {
    }

    /** Clears the gradients of the objective's own parameters. */
    void zeroGradients();

    /** Which iterate of a sample is its output. */
    SelectionRule rule();

    /**
     * One gradient evaluation of the batch.
     *
     * @param target      the attacked model's criterion
     * @param scope       the evaluation's manager (the target's parameters and the objective's state attached)
     * @param original    x, [B, d]
     * @param step        δ, [B, d], requiring a gradient
     * @param hinge       builds c·f⁺(x + δ) per sample, [B], in the recorded graph
     * @param x           x as rows
     * @param delta       δ as rows
     * @param seeds       per-sample seeds of this evaluation's draws
     * @param sharedSeed  seed of this evaluation's draws shared by the batch
     */
    record Evaluation(UnsupervisedCriterion target, NDManager scope, NDArray original, NDArray step,
            Supplier<NDArray> hinge, float[][] x, float[][] delta, long[] seeds, long sharedSeed) {

        /** x′ = clip(x + δ, 0, 1) in the graph. */
        NDArray perturbed() {
            return original.add(step).clip(0f, 1f);
        }

        /** δ's gradient after backward, as rows. */
        float[][] stepGradient() {
            int batch = x.length;
            int d = x[0].length;
            float[] flat = step.getGradient().toFloatArray();
            float[][] gradient = new float[batch][d];
            for (int b = 0; b < batch; b++) {
                System.arraycopy(flat, b * d, gradient[b], 0, d);
            }
            return gradient;
        }
    }
}
