package org.uaespark.attack;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;

import org.uaespark.data.Seeds;
import org.uaespark.mine.ExactProjectionGradient;
import org.uaespark.mine.MineEstimator;
import org.uaespark.mine.ProjectionMode;
import org.uaespark.mine.RandomProjections;
import org.uaespark.models.Autoencoder;
import org.uaespark.models.Autograd;
import org.uaespark.models.ConvAutoencoder;
import org.uaespark.models.FloatMatrix;
import org.uaespark.models.Reconstruction;
import org.uaespark.models.Scalars;

/**
 * The MinMax UAE attack ({@code paper-spec.md} §3) on a batch of B samples at once, each with its own δ, c,
 * statistics network and Adam state: per iteration, a projected gradient step on δ of
 * c·f⁺(x+δ) + I_Θ(x, x+δ) (or − ‖x − Φ(x+δ)‖₂ for L2-UAE), then {@code mineSteps} Adam steps of the statistics
 * networks, then the dual step c ← max(0, (1 − β·t^(−q))·c + β·f⁺), then selection. The MINE variant follows the
 * model, as in the paper: {@code conv} (the first convolution's channels as the K pairs) for the convolutional
 * AE, {@code random} (projections of the flattened sample) for the others. Every draw comes from the sample's
 * seed (δ₀, network weights, shuffles, per-sample and exact projections, the exact gradient's ξ) or from the
 * shared seed and (iteration, step) (common projections), so a sample's outcome does not depend on the rest of
 * its batch.
 */
public final class MinMaxAttack {
    private static final long DELTA_SALT = 0xD17A;
    private static final long MINE_SALT = 0x313E;
    private static final long XI_SALT = 0x5A1;
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
     * Attacks every row of {@code x} under {@code model}.
     *
     * @param x           originals, B rows of d features in [0, 1]
     * @param shape       shape of one sample (sets the δ₀ bound)
     * @param sampleSeeds one seed per row, derived from (run seed, sample id)
     * @param sharedSeed  seed of draws shared by the batch, derived from the run seed
     */
    public List<SampleOutcome> attack(Autoencoder model, float[][] x, int[] shape, long[] sampleSeeds, long sharedSeed) {
        int batch = x.length;
        int d = x[0].length;
        AttackSettings s = settings;
        double bound = Double.isNaN(s.initBound()) ? DeltaInit.glorotBound(shape) : s.initBound();
        float[][] delta = new float[batch][];
        long[] mineSeeds = new long[batch];
        Selection[] selections = new Selection[batch];
        double[] c = new double[batch];
        List<List<IterationRecord>> traces = new ArrayList<>();
        for (int b = 0; b < batch; b++) {
            traces.add(new ArrayList<>());
            delta[b] = DeltaInit.uniform(d, bound, new SplittableRandom(Seeds.mix(sampleSeeds[b], DELTA_SALT)));
            mineSeeds[b] = Seeds.mix(sampleSeeds[b], MINE_SALT);
            selections[b] = new Selection(s.method());
            c[b] = s.c0();
        }
        Autograd.noGrad();
        double[] before = squaredErrors(model, x, x);
        RandomProjections projections = new RandomProjections(s.k(), s.p());
        try (NDManager attack = model.manager().newSubManager()) {
            MineEstimator mine = s.method() != AttackMethod.MINE ? null
                    : convMine(model) != null ? MineEstimator.conv(attack, mineSeeds,
                            new int[] {shape[0], shape[1]}, s.hidden(), s.towerOut(), s.mineOptimizer(), DataType.FLOAT32)
                    : new MineEstimator(attack, mineSeeds, s.p(), s.hidden(), s.towerOut(), s.mineOptimizer());
            if (mine != null) {
                mine.withMovingAverage(s.mineMovingAverage());
            }
            for (int t = 0; t < s.iterations(); t++) {
                float[][] preImages = images(x, delta);
                deltaStep(model, mine, projections, x, delta, before, c, sampleSeeds, sharedSeed, t);
                float[][] postImages = images(x, delta);
                double[] mi = new double[batch];
                Arrays.fill(mi, Double.NaN);
                for (int m = 1; m <= s.mineSteps() && mine != null; m++) {
                    mi = mineStep(attack, model, mine, projections, x, postImages, sampleSeeds, sharedSeed, t, m);
                }
                // The code records the pre-step iterate (with the MI measured after the step); the paper the new one.
                float[][] recorded = s.codeOrdering() ? preImages : postImages;
                double[] errors = squaredErrors(model, x, recorded);
                double gamma = Math.pow(t + 1, -s.dualExponent());
                for (int b = 0; b < batch; b++) {
                    double hinge = Math.max(0, errors[b] - before[b] + s.kappa());
                    c[b] = Math.max(0, (1 - s.beta() * gamma) * c[b] + s.beta() * hinge);
                    selections[b].offer(t, recorded[b], hinge, mi[b], Math.sqrt(errors[b]));
                    if (traced) {
                        traces.get(b).add(new IterationRecord(t, hinge, mi[b], c[b], Math.sqrt(errors[b])));
                    }
                }
            }
        }
        return outcomes(model, x, selections, before, c, traces);
    }

    /** One projected gradient step on every δ (in place). */
    private void deltaStep(Autoencoder model, MineEstimator mine, RandomProjections projections, float[][] x,
            float[][] delta, double[] before, double[] c, long[] sampleSeeds, long sharedSeed, int t) {
        float[][] gradient = objectiveGradient(model, mine, projections, x, delta, before, c, sampleSeeds, sharedSeed, t);
        for (int b = 0; b < x.length; b++) {
            for (int j = 0; j < x[b].length; j++) {
                float updated = (float) (delta[b][j] - settings.alpha() * gradient[b][j]);
                delta[b][j] = (float) Math.max(-settings.epsilon(), Math.min(settings.epsilon(), updated));
            }
        }
    }

    /**
     * ∂/∂δ of every sample's objective at the current δ, one evaluation's draws: autograd through the model and
     * MINE, and, in the {@code exact} projection mode, through the sampled pairs lifted to the literal scheme's law
     * by {@link ExactProjectionGradient}.
     */
    float[][] objectiveGradient(Autoencoder model, MineEstimator mine, RandomProjections projections, float[][] x,
            float[][] delta, double[] before, double[] c, long[] sampleSeeds, long sharedSeed, int t) {
        int batch = x.length;
        int d = x[0].length;
        AttackSettings s = settings;
        boolean conv = convMine(model) != null;
        boolean exact = mine != null && !conv && s.projections() == ProjectionMode.EXACT;
        try (NDManager scope = model.manager().newSubManager()) {
            List<NDArray> attached = new ArrayList<>(model.parameters().all());
            if (mine != null) {
                attached.addAll(mine.mutableState());
            }
            scope.tempAttachAll(attached.toArray(new NDArray[0]));
            NDArray original = scope.create(flatten(x), new Shape(batch, d));
            NDArray step = scope.create(flatten(delta), new Shape(batch, d));
            step.setRequiresGradient(true);
            NDArray baseline = scope.create(toFloats(before));
            NDArray weights = scope.create(toFloats(c));
            long[] seeds = evaluationSeeds(sampleSeeds, t, 0);
            NDArray permutations = mine == null ? null : mine.nextPermutations(scope,
                    new Shape(batch, conv ? ConvAutoencoder.FIRST_CHANNELS : projections.k()));
            float[][] pre = images(x, delta);
            NDArray[] sampled = exact ? projections.project(scope, x, pre, ProjectionMode.EXACT, seeds, 0) : null;
            NDArray matrix = mine == null || conv || exact ? null
                    : projections.matrix(scope, d, s.projections(), seeds, Seeds.mix(sharedSeed, t, 0));
            if (exact) {
                sampled[1].setRequiresGradient(true);
                Autograd.backward(() -> hingeTerm(model, original, step, baseline, weights)
                        .add(mine.estimate(RandomProjections.standardise(sampled[0]),
                                RandomProjections.standardise(sampled[1]), permutations)).sum());
            } else {
                Autograd.backward(() -> objective(model, mine, projections, original, step, baseline, weights, matrix,
                        permutations).sum());
            }
            Autograd.noGrad();
            float[] flat = step.getGradient().toFloatArray();
            float[][] gradient = new float[batch][d];
            for (int b = 0; b < batch; b++) {
                System.arraycopy(flat, b * d, gradient[b], 0, d);
            }
            if (exact) {
                addLiftedGradient(gradient, sampled, x, delta, pre, seeds);
            }
            Autograd.zero(model.parameters().all());
            if (mine != null) {
                Autograd.zero(mine.networks().parameters());
            }
            return gradient;
        }
    }

    /** Adds Σ_i w_i a_i (exact mode) to each δ-gradient, where the clip of x + δ to [0, 1] lets it through. */
    private void addLiftedGradient(float[][] gradient, NDArray[] sampled, float[][] x, float[][] delta,
            float[][] pre, long[] seeds) {
        int pairs = settings.k() * settings.p();
        float[] w = sampled[1].getGradient().toFloatArray();
        float[] u = sampled[0].toFloatArray();
        float[] v = sampled[1].toFloatArray();
        for (int b = 0; b < x.length; b++) {
            int from = b * pairs;
            double[] lifted = ExactProjectionGradient.lift(Arrays.copyOfRange(w, from, from + pairs),
                    Arrays.copyOfRange(u, from, from + pairs), Arrays.copyOfRange(v, from, from + pairs), x[b], pre[b],
                    settings.p(), new SplittableRandom(Seeds.mix(seeds[b], XI_SALT)));
            for (int j = 0; j < x[b].length; j++) {
                float sum = x[b][j] + delta[b][j];
                if (sum >= 0f && sum <= 1f) {
                    gradient[b][j] += (float) lifted[j];
                }
            }
        }
    }

    /**
     * The per-sample objective c·f⁺(x+δ) + I_Θ(x, x+δ) (MINE) or c·f⁺(x+δ) − ‖x − Φ(x+δ)‖₂ (L2), [B], for given
     * projections and marginal permutations.
     */
    NDArray objective(Autoencoder model, MineEstimator mine, RandomProjections projections, NDArray original,
            NDArray step, NDArray baseline, NDArray weights, NDArray matrix, NDArray permutations) {
        NDArray perturbed = original.add(step).clip(0f, 1f);
        if (mine == null) {
            NDArray errors = model.reconstruct(perturbed).sub(original).square().sum(new int[] {1});
            return hingeTerm(model, original, step, baseline, weights).sub(errors.sqrt());
        }
        NDArray[] uv = mineInputs(model, projections, original, perturbed, matrix);
        return hingeTerm(model, original, step, baseline, weights).add(mine.estimate(uv[0], uv[1], permutations));
    }

    /** c·f⁺(x + δ) per sample, [B]. */
    private NDArray hingeTerm(Autoencoder model, NDArray original, NDArray step, NDArray baseline, NDArray weights) {
        NDArray perturbed = original.add(step).clip(0f, 1f);
        NDArray errors = model.reconstruct(perturbed).sub(original).square().sum(new int[] {1});
        return weights.mul(Activation.relu(Scalars.plus(errors.sub(baseline), (float) settings.kappa())));
    }

    /** {@code model} as the conv AE whose first convolution MINE compares, or null where MINE uses random projections. */
    private ConvAutoencoder convMine(Autoencoder model) {
        return model instanceof ConvAutoencoder conv && settings.convolutionalMine(model.config()) ? conv : null;
    }

    /**
     * The K pairs MINE compares: the first convolution's channels of x and x + δ (conv variant), or standardised random
     * projections of both through {@code matrix} (otherwise).
     */
    private NDArray[] mineInputs(Autoencoder model, RandomProjections projections, NDArray original,
            NDArray perturbed, NDArray matrix) {
        ConvAutoencoder conv = convMine(model);
        if (conv != null) {
            return new NDArray[] {conv.firstLayer(original), conv.firstLayer(perturbed)};
        }
        return new NDArray[] {RandomProjections.standardise(projections.apply(original, matrix)),
                RandomProjections.standardise(projections.apply(perturbed, matrix))};
    }

    /** One Adam step of every statistics network on fresh projections of (x, image); returns the estimates. */
    private double[] mineStep(NDManager attack, Autoencoder model, MineEstimator mine, RandomProjections projections,
            float[][] x, float[][] images, long[] sampleSeeds, long sharedSeed, int t, int m) {
        try (NDManager scope = attack.newSubManager()) {
            List<NDArray> attached = new ArrayList<>(mine.mutableState());
            attached.addAll(model.parameters().all());
            scope.tempAttachAll(attached.toArray(new NDArray[0]));
            NDArray[] uv;
            ConvAutoencoder conv = convMine(model);
            if (conv != null) {
                Shape rows = new Shape(x.length, x[0].length);
                uv = new NDArray[] {conv.firstLayer(scope.create(flatten(x), rows)),
                        conv.firstLayer(scope.create(flatten(images), rows))};
            } else {
                NDArray[] raw = projections.project(scope, x, images, settings.mineStepProjections(),
                        evaluationSeeds(sampleSeeds, t, m), Seeds.mix(sharedSeed, t, m));
                uv = new NDArray[] {RandomProjections.standardise(raw[0]), RandomProjections.standardise(raw[1])};
            }
            float[] values = mine.step(uv[0], uv[1]);
            double[] out = new double[values.length];
            for (int b = 0; b < values.length; b++) {
                out[b] = values[b];
            }
            return out;
        }
    }

    private List<SampleOutcome> outcomes(Autoencoder model, float[][] x, Selection[] selections, double[] before,
            double[] c, List<List<IterationRecord>> traces) {
        float[][] selected = new float[x.length][];
        for (int b = 0; b < x.length; b++) {
            selected[b] = selections[b].selected();
        }
        double[] after = squaredErrors(model, x, selected);
        List<SampleOutcome> out = new ArrayList<>(x.length);
        for (int b = 0; b < x.length; b++) {
            out.add(new SampleOutcome(selected[b], selections[b].succeeded(),
                    after[b] <= before[b] - settings.kappa(), before[b], after[b], selections[b].selectedMi(), c[b],
                    settings.iterations(), selections[b].firstSuccess(), List.copyOf(traces.get(b))));
        }
        return out;
    }

    /** ‖x_b − Φ(z_b)‖² per row, without recording a graph. */
    private static double[] squaredErrors(Autoencoder model, float[][] x, float[][] z) {
        return Reconstruction.perSampleSquaredError(model, matrix(x), matrix(z), x.length);
    }

    private static FloatMatrix matrix(float[][] rows) {
        return new FloatMatrix(rows.length, rows[0].length, flatten(rows));
    }

    private static float[][] images(float[][] x, float[][] delta) {
        float[][] out = new float[x.length][];
        for (int b = 0; b < x.length; b++) {
            out[b] = new float[x[b].length];
            for (int j = 0; j < x[b].length; j++) {
                out[b][j] = Math.max(0f, Math.min(1f, x[b][j] + delta[b][j]));
            }
        }
        return out;
    }

    private static long[] evaluationSeeds(long[] sampleSeeds, int t, int m) {
        long[] out = new long[sampleSeeds.length];
        for (int b = 0; b < out.length; b++) {
            out[b] = Seeds.mix(sampleSeeds[b], t, m);
        }
        return out;
    }

    private static float[] flatten(float[][] rows) {
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
