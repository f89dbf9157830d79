package org.uaespark.attack;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;

import org.uaespark.data.Seeds;
import org.uaespark.models.Autograd;
import org.uaespark.models.FloatMatrix;
import org.uaespark.models.Scalars;
import org.uaespark.models.UnsupervisedCriterion;

/**
 * The MinMax UAE attack (the paper's Algorithm 1, §3) on a batch of B samples at once, each with its own δ, c and
 * objective state: per iteration, a projected gradient step on δ of c·f⁺(x+δ) + the {@link Objective}'s term
 * (MINE's estimate for MINE-UAE, minus the reconstruction distance for L2-UAE), then the objective's own update
 * (MINE's Adam steps), then the dual step c ← max(0, (1 − β·t^(−q))·c + β·f⁺), then selection. The attack sees the
 * model only through its {@link UnsupervisedCriterion}. Every draw comes from the sample's seed (δ₀, network weights,
 * shuffles, per-sample and exact projections, the exact gradient's ξ) or from the shared seed and (iteration, step)
 * (common projections), so a sample's outcome does not depend on the rest of its batch.
 */
public final class MinMaxAttack {
    private static final long DELTA_SALT = 0xD17A;
    private static final long MINE_SALT = 0x313E;
    private final AttackSettings settings;
    private boolean traced;

    /** @param settings the attack's hyperparameters */
    public MinMaxAttack(AttackSettings settings) {
        this.settings = settings;
    }

    /** Records every iteration's hinge, MI, c and distance per sample in {@link SampleOutcome#trace()}. */
    public MinMaxAttack withTraces() {
        this.traced = true;
        return this;
    }

    /**
     * Attacks every row of {@code x} under {@code target}.
     *
     * @param x           originals, B rows of d features in [0, 1]
     * @param shape       shape of one sample (sets the δ₀ bound)
     * @param sampleSeeds one seed per row, derived from (run seed, sample id)
     * @param sharedSeed  seed of draws shared by the batch, derived from the run seed
     */
    public List<SampleOutcome> attack(UnsupervisedCriterion target, float[][] x, int[] shape, long[] sampleSeeds,
            long sharedSeed) {
        int batch = x.length;
        int d = x[0].length;
        AttackSettings s = settings;
        double bound = s.initBound(shape);
        double scale = s.criterionScale(shape);
        float[][] delta = new float[batch][];
        long[] mineSeeds = new long[batch];
        double[] c = new double[batch];
        List<List<IterationRecord>> traces = new ArrayList<>();
        for (int b = 0; b < batch; b++) {
            traces.add(new ArrayList<>());
            delta[b] = DeltaInit.uniform(d, bound, new SplittableRandom(Seeds.mix(sampleSeeds[b], DELTA_SALT)));
            mineSeeds[b] = Seeds.mix(sampleSeeds[b], MINE_SALT);
            c[b] = s.c0();
        }
        Autograd.noGrad();
        FloatMatrix originals = matrix(x);
        double[] before = target.perSample(originals, originals);
        Selection[] selections;
        try (NDManager attack = target.manager().newSubManager()) {
            Objective objective = Objective.of(s, target, attack, mineSeeds);
            selections = new Selection[batch];
            for (int b = 0; b < batch; b++) {
                selections[b] = new Selection(objective.rule());
            }
            if (s.mineWarmupSteps() > 0) {
                objective.warmUp(attack, x, images(x, delta), sampleSeeds, sharedSeed, s.mineWarmupSteps());
            }
            for (int t = 0; t < s.iterations(); t++) {
                float[][] preImages = images(x, delta);
                deltaStep(target, objective, x, delta, before, scaled(c, scale), sampleSeeds, sharedSeed, t);
                float[][] postImages = images(x, delta);
                double[] mi = objective.update(attack, x, postImages, sampleSeeds, sharedSeed, t);
                // The code records the pre-step iterate (with the MI measured after the step); the paper the new one.
                float[][] recorded = s.codeOrdering() ? preImages : postImages;
                double[] errors = target.perSample(originals, matrix(recorded));
                double gamma = Math.pow(t + 1, -s.dualExponent());
                for (int b = 0; b < batch; b++) {
                    double hinge = Math.max(0, errors[b] - before[b] + s.kappa());
                    c[b] = Math.max(0, (1 - s.beta() * gamma) * c[b] + s.beta() * scale * hinge);
                    selections[b].offer(t, recorded[b], hinge, mi[b], Math.sqrt(errors[b]));
                    if (traced) {
                        traces.get(b).add(new IterationRecord(t, hinge, mi[b], c[b], Math.sqrt(errors[b]),
                                distance(recorded[b], x[b])));
                    }
                }
            }
        }
        return outcomes(target, originals, selections, before, c, traces);
    }

    private static double distance(float[] a, float[] b) {
        double sum = 0;
        for (int j = 0; j < a.length; j++) {
            double diff = (double) a[j] - b[j];
            sum += diff * diff;
        }
        return Math.sqrt(sum);
    }

    /** The weights of the hinge in the δ step: c times the criterion's scale (1 unless a flat sample is rescaled). */
    private static double[] scaled(double[] c, double scale) {
        double[] out = c.clone();
        for (int b = 0; b < out.length; b++) {
            out[b] *= scale;
        }
        return out;
    }

    /** One projected gradient step on every δ (in place). */
    private void deltaStep(UnsupervisedCriterion target, Objective objective, float[][] x, float[][] delta,
            double[] before, double[] c, long[] sampleSeeds, long sharedSeed, int t) {
        float[][] gradient = objectiveGradient(target, objective, x, delta, before, c, sampleSeeds, sharedSeed, t);
        for (int b = 0; b < x.length; b++) {
            for (int j = 0; j < x[b].length; j++) {
                float updated = (float) (delta[b][j] - settings.alpha() * gradient[b][j]);
                delta[b][j] = (float) Math.max(-settings.epsilon(), Math.min(settings.epsilon(), updated));
            }
        }
    }

    /** ∂/∂δ of every sample's objective at the current δ, with the draws of evaluation (t, 0). */
    float[][] objectiveGradient(UnsupervisedCriterion target, Objective objective, float[][] x, float[][] delta,
            double[] before, double[] c, long[] sampleSeeds, long sharedSeed, int t) {
        int batch = x.length;
        int d = x[0].length;
        try (NDManager scope = target.manager().newSubManager()) {
            List<NDArray> attached = new ArrayList<>(target.parameters().all());
            attached.addAll(objective.mutableState());
            scope.tempAttachAll(attached.toArray(new NDArray[0]));
            NDArray original = scope.create(flatten(x), new Shape(batch, d));
            NDArray step = scope.create(flatten(delta), new Shape(batch, d));
            step.setRequiresGradient(true);
            NDArray baseline = scope.create(toFloats(before));
            NDArray weights = scope.create(toFloats(c));
            float[][] gradient = objective.gradient(new Objective.Evaluation(target, scope, original, step,
                    () -> hingeTerm(target, original, step, baseline, weights), x, delta,
                    evaluationSeeds(sampleSeeds, t, 0), Seeds.mix(sharedSeed, t, 0)));
            Autograd.zero(target.parameters().all());
            objective.zeroGradients();
            return gradient;
        }
    }

    /** Builds an objective for tests of the gradient ({@link #objectiveGradient}). */
    Objective objective(UnsupervisedCriterion target, NDManager attack, long[] mineSeeds) {
        return Objective.of(settings, target, attack, mineSeeds);
    }

    /** c·f⁺(x + δ) per sample, [B]. */
    NDArray hingeTerm(UnsupervisedCriterion target, NDArray original, NDArray step, NDArray baseline,
            NDArray weights) {
        NDArray perturbed = original.add(step).clip(0f, 1f);
        NDArray errors = target.perSample(original, perturbed);
        return weights.mul(Activation.relu(Scalars.plus(errors.sub(baseline), (float) settings.kappa())));
    }

    private List<SampleOutcome> outcomes(UnsupervisedCriterion target, FloatMatrix originals, Selection[] selections,
            double[] before, double[] c, List<List<IterationRecord>> traces) {
        float[][] selected = new float[selections.length][];
        for (int b = 0; b < selected.length; b++) {
            selected[b] = selections[b].selected();
            if (selected[b] == null) {
                throw new IllegalStateException("row " + b + " of the attack batch has no iterate with a finite "
                        + "hinge: the criterion was NaN at every iteration (criterion before the attack: "
                        + before[b] + ")");
            }
        }
        double[] after = target.perSample(originals, matrix(selected));
        List<SampleOutcome> out = new ArrayList<>(selected.length);
        for (int b = 0; b < selected.length; b++) {
            out.add(new SampleOutcome(selected[b], selections[b].succeeded(),
                    after[b] <= before[b] - settings.kappa(), before[b], after[b], selections[b].selectedMi(), c[b],
                    settings.iterations(), selections[b].firstSuccess(), List.copyOf(traces.get(b))));
        }
        return out;
    }

    private static FloatMatrix matrix(float[][] rows) {
        return new FloatMatrix(rows.length, rows[0].length, flatten(rows));
    }

    /** clip(x + δ, 0, 1) per row. */
    static float[][] images(float[][] x, float[][] delta) {
        float[][] out = new float[x.length][];
        for (int b = 0; b < x.length; b++) {
            out[b] = new float[x[b].length];
            for (int j = 0; j < x[b].length; j++) {
                out[b][j] = Math.max(0f, Math.min(1f, x[b][j] + delta[b][j]));
            }
        }
        return out;
    }

    /** The per-sample seeds of evaluation (t, m): m = 0 the δ step, m ≥ 1 the objective's update steps. */
    static long[] evaluationSeeds(long[] sampleSeeds, int t, int m) {
        long[] out = new long[sampleSeeds.length];
        for (int b = 0; b < out.length; b++) {
            out[b] = Seeds.mix(sampleSeeds[b], t, m);
        }
        return out;
    }

    /** Rows laid end to end. */
    static float[] flatten(float[][] rows) {
        int d = rows[0].length;
        float[] out = new float[rows.length * d];
        for (int b = 0; b < rows.length; b++) {
            System.arraycopy(rows[b], 0, out, b * d, d);
        }
        return out;
    }

    private static float[] toFloats(double[] values) {
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (float) values[i];
        }
        return out;
    }
}
