package org.uaespark.attack;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Supplier;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import org.uaespark.data.Seeds;
import org.uaespark.mine.ExactProjectionGradient;
import org.uaespark.mine.MineEstimator;
import org.uaespark.mine.ProjectionMode;
import org.uaespark.mine.RandomProjections;
import org.uaespark.models.Autograd;
import org.uaespark.models.FeatureMaps;
import org.uaespark.models.MineFeatures;
import org.uaespark.models.UnsupervisedCriterion;

/**
 * MINE-UAE's objective: the estimate I_Θ(x, x + δ) of each sample's own statistics network (the official code's +I
 * sign), trained by {@code mineSteps} Adam steps after every δ step. MINE compares K pairs per sample: the target's
 * feature maps where it offers them and the settings allow ({@link MineInput#AUTO}: the paper's {@code conv}
 * variant), else standardised random projections of the flattened sample, drawn as {@link ProjectionMode} says
 * ({@code exact} lifts the gradient to the literal scheme's law, see {@link ExactProjectionGradient}). A successful
 * iterate needs hinge 0 and a positive estimate; the one with the smallest estimate is selected.
 */
final class MineObjective implements Objective {
    private static final long XI_SALT = 0x5A1;
    private final AttackSettings settings;
    private final MineEstimator mine;
    private final RandomProjections projections;
    private final MineFeatures features;
    private final UnsupervisedCriterion target;

    /**
     * @param mine     the statistics networks of the batch
     * @param features the target's feature maps MINE compares, or null for random projections
     */
    MineObjective(AttackSettings settings, UnsupervisedCriterion target, MineEstimator mine, MineFeatures features,
            RandomProjections projections) {
        this.settings = settings;
        this.target = target;
        this.mine = mine;
        this.features = features;
        this.projections = projections;
    }

    /** The objective of a batch: statistics networks on {@code attack}, one per sample seed. */
    static MineObjective create(AttackSettings settings, UnsupervisedCriterion target, NDManager attack,
            long[] mineSeeds) {
        Optional<MineFeatures> maps = settings.mineFeatures(target);
        MineEstimator mine;
        if (maps.isPresent()) {
            FeatureMaps shape = maps.get().shape();
            mine = MineEstimator.conv(attack, mineSeeds, new int[] {shape.height(), shape.width()}, settings.hidden(),
                    settings.towerOut(), settings.mineOptimizer(), DataType.FLOAT32);
        } else {
            mine = new MineEstimator(attack, mineSeeds, settings.p(), settings.hidden(), settings.towerOut(),
                    settings.mineOptimizer()).standardisingInputs();
        }
        mine.withMovingAverage(settings.mineMovingAverage()).withPrecision(settings.precision());
        return new MineObjective(settings, target, mine, maps.orElse(null),
                new RandomProjections(settings.k(), settings.p()));
    }

    @Override
    public List<NDArray> mutableState() {
        return mine.mutableState();
    }

    @Override
    public float[][] gradient(Evaluation e) {
        int batch = e.x().length;
        boolean exact = features == null && settings.projections() == ProjectionMode.EXACT;
        NDArray permutations = mine.nextPermutations(e.scope(),
                new Shape(batch, features != null ? features.shape().channels() : projections.k()));
        float[][] pre = MinMaxAttack.images(e.x(), e.delta());
        if (exact) {
            NDArray[] sampled = projections.project(e.scope(), e.x(), pre, ProjectionMode.EXACT, e.seeds(), 0);
            sampled[1].setRequiresGradient(true);
            Autograd.backward(() -> e.hinge().get().add(mine.estimate(sampled[0], sampled[1], permutations)).sum());
            Autograd.noGrad();
            float[][] gradient = e.stepGradient();
            addLiftedGradient(gradient, sampled, e.x(), e.delta(), pre, e.seeds());
            return gradient;
        }
        NDArray matrix = features != null ? null
                : projections.matrix(e.scope(), e.x()[0].length, settings.projections(), e.seeds(), e.sharedSeed());
        Autograd.backward(() -> value(e.original(), e.perturbed(), e.hinge(), matrix, permutations).sum());
        Autograd.noGrad();
        return e.stepGradient();
    }

    /**
     * c·f⁺(x′) + I_Θ(x, x′) per sample, [B], for given projections {@code matrix} (null for feature maps) and
     * marginal permutations.
     */
    NDArray value(NDArray original, NDArray perturbed, Supplier<NDArray> hinge, NDArray matrix, NDArray permutations) {
        NDArray[] uv = features != null ? new NDArray[] {features.maps(original), features.maps(perturbed)}
                : new NDArray[] {projections.apply(original, matrix), projections.apply(perturbed, matrix)};
        return hinge.get().add(mine.estimate(uv[0], uv[1], permutations));
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

    /** {@code mineSteps} Adam steps of every statistics network on fresh pairs of (x, image); the last estimates. */
    @Override
    public double[] update(NDManager attack, float[][] x, float[][] images, long[] sampleSeeds, long sharedSeed, int t) {
        double[] mi = new double[x.length];
        Arrays.fill(mi, Double.NaN);
        for (int m = 1; m <= settings.mineSteps(); m++) {
            mi = step(attack, x, images, MinMaxAttack.evaluationSeeds(sampleSeeds, t, m), Seeds.mix(sharedSeed, t, m));
        }
        return mi;
    }

    /** Adam steps of every statistics network on draws of (x, x + δ₀) seeded apart from the iterations' draws. */
    @Override
    public void warmUp(NDManager attack, float[][] x, float[][] images, long[] sampleSeeds, long sharedSeed,
            int steps) {
        for (int w = 1; w <= steps; w++) {
            step(attack, x, images, MinMaxAttack.evaluationSeeds(sampleSeeds, -1, w), Seeds.mix(sharedSeed, -1, w));
        }
    }

    private double[] step(NDManager attack, float[][] x, float[][] images, long[] seeds, long sharedSeed) {
        try (NDManager scope = attack.newSubManager()) {
            List<NDArray> attached = new ArrayList<>(mine.mutableState());
            attached.addAll(target.parameters().all());
            scope.tempAttachAll(attached.toArray(new NDArray[0]));
            NDArray[] uv;
            if (features != null) {
                Shape rows = new Shape(x.length, x[0].length);
                uv = new NDArray[] {features.maps(scope.create(MinMaxAttack.flatten(x), rows)),
                        features.maps(scope.create(MinMaxAttack.flatten(images), rows))};
            } else {
                uv = projections.project(scope, x, images, settings.mineStepProjections(), seeds, sharedSeed);
            }
            float[] values = mine.step(uv[0], uv[1]);
            double[] out = new double[values.length];
            for (int b = 0; b < values.length; b++) {
                out[b] = values[b];
            }
            return out;
        }
    }

    @Override
    public void zeroGradients() {
        Autograd.zero(mine.networks().parameters());
    }

    @Override
    public SelectionRule rule() {
        return RULE;
    }

    /** A success has hinge 0 and a positive estimate; the smallest estimate wins. */
    static final SelectionRule RULE = new SelectionRule() {
        @Override
        public boolean success(double hinge, double mi) {
            return hinge == 0 && mi > 0;
        }

        @Override
        public double score(double mi, double distance) {
            return mi;
        }
    };
}
