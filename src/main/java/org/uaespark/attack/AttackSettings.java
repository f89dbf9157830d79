package org.uaespark.attack;

import java.io.Serializable;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

import org.uaespark.mine.Precision;
import org.uaespark.mine.ProjectionMode;
import org.uaespark.models.FeatureMaps;
import org.uaespark.models.MineFeatures;
import org.uaespark.models.ModelFootprint;
import org.uaespark.models.UnsupervisedCriterion;
import org.uaespark.models.optim.OptimizerSpec;

/**
 * Every hyperparameter of the MinMax attack ({@code src/site/markdown/paper-spec.md} §3–§4; the paper's values in brackets).
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
 * @param mineWarmupSteps Adam steps of the statistics networks on (x, x + δ₀) before the first iteration, so that the
 *                      estimates the selection compares come from a trained estimator [0: the paper starts cold];
 *                      left out of the JSON (and so of fingerprints) when 0
 * @param flatCriterionReference for flat samples [d] (tabular rows): f is multiplied by this / d in the δ step and the
 *                      dual update, so that the dual variable grows on low-dimensional rows as on an image of this
 *                      many pixels (784: MNIST, where c0, β and α were set); 0 = the paper's plain sum over the d
 *                      features. It also sets a glorot δ₀ bound for flat samples ({@link #initBound(int[])}).
 *                      Images are never scaled. Success (f ≤ 0) and selection do not depend on it.
 * @param precision     the statistics networks' arithmetic [FP32]; BF16 runs the towers' large products in bfloat16
 *                      (float32 weights, gradients and Adam state); left out of the JSON (and so of fingerprints)
 *                      when FP32, so runs made before the setting existed keep their fingerprints
 */
public record AttackSettings(AttackMethod method, int iterations, int mineSteps, double alpha, double beta, double c0,
        double dualExponent, double epsilon, double kappa, double initBound, boolean codeOrdering,
        ProjectionMode projections, ProjectionMode mineStepProjections, int k, int p, int hidden, int towerOut,
        OptimizerSpec mineOptimizer, double mineMovingAverage, MineInput mineInput,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) int mineWarmupSteps,
        @JsonIgnore int flatCriterionReference,
        @JsonInclude(value = JsonInclude.Include.CUSTOM, valueFilter = Float32Default.class) Precision precision)
        implements Serializable {

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
        if (mineWarmupSteps < 0 || (method != AttackMethod.MINE && mineWarmupSteps > 0)) {
            throw new IllegalArgumentException("mine-warmup-steps must be 0 or positive, and only MINE has them");
        }
        if (flatCriterionReference < 0) {
            throw new IllegalArgumentException("flat-criterion-reference must be 0 (off) or positive");
        }
        if (precision == null) {
            throw new IllegalArgumentException("precision must be set");
        }
    }

    /** Jackson's filter that leaves the default precision out of the JSON ({@code equals} true = left out). */
    static final class Float32Default {
        @Override
        public boolean equals(Object value) {
            return value == Precision.FP32;
        }

        @Override
        public int hashCode() {
            return Precision.FP32.hashCode();
        }
    }

    /**
     * The factor on f for samples of {@code shape}: reference / d for a flat [d] sample when the rule is on, else 1
     * (every image, and the paper's profile).
     */
    public double criterionScale(int[] shape) {
        return referencesFlatSamples(shape) ? (double) flatCriterionReference / shape[0] : 1;
    }

    /**
     * The feature maps MINE compares when attacking {@code model} (the {@code conv} variant: the conv AE's first
     * convolution), or empty where it compares random projections.
     */
    public Optional<FeatureMaps> mineFeatureMaps(ModelFootprint model) {
        return mineInput.usesModelFeatures() ? model.mineFeatureMaps() : Optional.empty();
    }

    /**
     * The δ₀ bound for samples of {@code shape}: {@link #initBound()}, or where it is NaN TF's Glorot bound, which
     * for a flat sample [d] is that of a flat sample of {@link #flatCriterionReference()} features when the rule is
     * on: √(6/785) = 0.087 at 784 (MNIST's pixel scale) instead of √(6/(1+d)), 0.59 at d = 16, which starts every
     * feature of a low-dimensional row up to 59 % of its range away and left a real 16-feature table at 0 % ASR
     * (stages.md, "Tabular data"). Images keep their Glorot bound.
     */
    public double initBound(int[] shape) {
        if (!Double.isNaN(initBound)) {
            return initBound;
        }
        return referencesFlatSamples(shape) ? DeltaInit.glorotBound(new int[] {flatCriterionReference})
                : DeltaInit.glorotBound(shape);
    }

    /** Whether a flat sample of {@code shape} is attacked as one of {@link #flatCriterionReference()} features. */
    public boolean referencesFlatSamples(int[] shape) {
        return shape.length == 1 && flatCriterionReference > 0;
    }

    /** The feature maps of {@code target} that MINE compares (as {@link #mineFeatureMaps}, for a loaded model). */
    public Optional<MineFeatures> mineFeatures(UnsupervisedCriterion target) {
        return mineInput.usesModelFeatures() ? target.mineFeatures() : Optional.empty();
    }

    /** These settings with other projection modes (e.g. the literal redraw scheme as a benchmark baseline). */
    public AttackSettings withProjections(ProjectionMode deltaMode, ProjectionMode mineMode) {
        return toBuilder().projections(deltaMode).mineStepProjections(mineMode).build();
    }

    /** A builder holding these settings, to change some of them by name. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * Changes settings by name: start from a profile ({@code AttackProfiles.read}, or {@code AttackProfiles.shipped}
     * in tests and notebooks), set what differs, {@link #build()} (which validates).
     */
    public static final class Builder {
        private AttackMethod method;
        private int iterations;
        private int mineSteps;
        private double alpha;
        private double beta;
        private double c0;
        private double dualExponent;
        private double epsilon;
        private double kappa;
        private double initBound;
        private boolean codeOrdering;
        private ProjectionMode projections;
        private ProjectionMode mineStepProjections;
        private int k;
        private int p;
        private int hidden;
        private int towerOut;
        private OptimizerSpec mineOptimizer;
        private double mineMovingAverage;
        private MineInput mineInput;
        private int mineWarmupSteps;
        private int flatCriterionReference;
        private Precision precision;

        private Builder(AttackSettings from) {
            method = from.method();
            iterations = from.iterations();
            mineSteps = from.mineSteps();
            alpha = from.alpha();
            beta = from.beta();
            c0 = from.c0();
            dualExponent = from.dualExponent();
            epsilon = from.epsilon();
            kappa = from.kappa();
            initBound = from.initBound();
            codeOrdering = from.codeOrdering();
            projections = from.projections();
            mineStepProjections = from.mineStepProjections();
            k = from.k();
            p = from.p();
            hidden = from.hidden();
            towerOut = from.towerOut();
            mineOptimizer = from.mineOptimizer();
            mineMovingAverage = from.mineMovingAverage();
            mineInput = from.mineInput();
            mineWarmupSteps = from.mineWarmupSteps();
            flatCriterionReference = from.flatCriterionReference();
            precision = from.precision();
        }

        /** The settings, validated. */
        public AttackSettings build() {
            return new AttackSettings(method, iterations, mineSteps, alpha, beta, c0, dualExponent, epsilon, kappa, initBound, codeOrdering, projections, mineStepProjections, k, p, hidden, towerOut, mineOptimizer, mineMovingAverage, mineInput, mineWarmupSteps, flatCriterionReference, precision);
        }

        /** Sets {@link AttackSettings#method()}. */
        public Builder method(AttackMethod value) {
            method = value;
            return this;
        }

        /** Sets {@link AttackSettings#iterations()}. */
        public Builder iterations(int value) {
            iterations = value;
            return this;
        }

        /** Sets {@link AttackSettings#mineSteps()}. */
        public Builder mineSteps(int value) {
            mineSteps = value;
            return this;
        }

        /** Sets {@link AttackSettings#alpha()}. */
        public Builder alpha(double value) {
            alpha = value;
            return this;
        }

        /** Sets {@link AttackSettings#beta()}. */
        public Builder beta(double value) {
            beta = value;
            return this;
        }

        /** Sets {@link AttackSettings#c0()}. */
        public Builder c0(double value) {
            c0 = value;
            return this;
        }

        /** Sets {@link AttackSettings#dualExponent()}. */
        public Builder dualExponent(double value) {
            dualExponent = value;
            return this;
        }

        /** Sets {@link AttackSettings#epsilon()}. */
        public Builder epsilon(double value) {
            epsilon = value;
            return this;
        }

        /** Sets {@link AttackSettings#kappa()}. */
        public Builder kappa(double value) {
            kappa = value;
            return this;
        }

        /** Sets {@link AttackSettings#initBound()}. */
        public Builder initBound(double value) {
            initBound = value;
            return this;
        }

        /** Sets {@link AttackSettings#codeOrdering()}. */
        public Builder codeOrdering(boolean value) {
            codeOrdering = value;
            return this;
        }

        /** Sets {@link AttackSettings#projections()}. */
        public Builder projections(ProjectionMode value) {
            projections = value;
            return this;
        }

        /** Sets {@link AttackSettings#mineStepProjections()}. */
        public Builder mineStepProjections(ProjectionMode value) {
            mineStepProjections = value;
            return this;
        }

        /** Sets {@link AttackSettings#k()}. */
        public Builder k(int value) {
            k = value;
            return this;
        }

        /** Sets {@link AttackSettings#p()}. */
        public Builder p(int value) {
            p = value;
            return this;
        }

        /** Sets {@link AttackSettings#hidden()}. */
        public Builder hidden(int value) {
            hidden = value;
            return this;
        }

        /** Sets {@link AttackSettings#towerOut()}. */
        public Builder towerOut(int value) {
            towerOut = value;
            return this;
        }

        /** Sets {@link AttackSettings#mineOptimizer()}. */
        public Builder mineOptimizer(OptimizerSpec value) {
            mineOptimizer = value;
            return this;
        }

        /** Sets {@link AttackSettings#mineMovingAverage()}. */
        public Builder mineMovingAverage(double value) {
            mineMovingAverage = value;
            return this;
        }

        /** Sets {@link AttackSettings#mineInput()}. */
        public Builder mineInput(MineInput value) {
            mineInput = value;
            return this;
        }

        /** Sets {@link AttackSettings#mineWarmupSteps()}. */
        public Builder mineWarmupSteps(int value) {
            mineWarmupSteps = value;
            return this;
        }

        /** Sets {@link AttackSettings#flatCriterionReference()}. */
        public Builder flatCriterionReference(int value) {
            flatCriterionReference = value;
            return this;
        }

        /** Sets {@link AttackSettings#precision()}. */
        public Builder precision(Precision value) {
            precision = value;
            return this;
        }
    }
}
