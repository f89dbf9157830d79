package org.uaespark.mine;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import org.uaespark.models.Autograd;
import org.uaespark.models.optim.Optimizer;
import org.uaespark.models.optim.OptimizerSpec;

/**
 * Per-sample MINE for B samples at once: B statistics networks, each trained by its own Adam state to maximise its
 * sample's Donsker–Varadhan estimate on that sample's K paired rows. Each tower is evaluated once per distinct row;
 * joint pairs use (f(x_k), g(y_k)) and marginal pairs (f(x_k), g(y_π(k))) with π a uniformly random permutation
 * of the K rows (fixed points allowed, as in the paper's code), drawn per sample and evaluation from the sample's
 * own generator, so a sample's estimates do not depend on the rest of the batch.
 */
public final class MineEstimator {
    private final StatisticsNetworks networks;
    private final Optimizer adam;
    private final SplittableRandom[] shuffles;
    private final NDArray movingMeanExp;
    private boolean standardise;
    private Precision precision = Precision.FP32;
    private double emaRate;
    private boolean stepped;

    /**
     * @param manager     owns the networks and their optimiser state
     * @param sampleSeeds one seed per sample (network initialisation and shuffles)
     * @param inputDim    p
     * @param hidden      first tower layer width (512)
     * @param towerOut    tower output width (10)
     * @param optimizer   Adam settings (the paper: lr 1.5e-5)
     */
    public MineEstimator(NDManager manager, long[] sampleSeeds, int inputDim, int hidden, int towerOut,
            OptimizerSpec optimizer) {
        this(manager, sampleSeeds, inputDim, hidden, towerOut, optimizer, DataType.FLOAT32);
    }

    /** As the public constructor with another parameter type (FLOAT64 for numerical checks). */
    public MineEstimator(NDManager manager, long[] sampleSeeds, int inputDim, int hidden, int towerOut,
            OptimizerSpec optimizer, DataType dataType) {
        this(manager, new StatisticsNetworks(manager, initSeeds(sampleSeeds), inputDim, hidden, towerOut, dataType),
                sampleSeeds, optimizer);
    }

    /**
     * MINE for the {@code conv} variant: each sample's K rows are H×W maps (the attacked model's first-layer
     * channels), and the towers start with a 2×2 convolution.
     */
    public static MineEstimator conv(NDManager manager, long[] sampleSeeds, int[] mapShape, int hidden, int towerOut,
            OptimizerSpec optimizer, DataType dataType) {
        return new MineEstimator(manager, new StatisticsNetworks(manager, initSeeds(sampleSeeds), mapShape, hidden,
                towerOut, dataType), sampleSeeds, optimizer);
    }

    private MineEstimator(NDManager manager, StatisticsNetworks networks, long[] sampleSeeds, OptimizerSpec optimizer) {
        this.networks = networks;
        adam = Optimizer.of(optimizer, manager);
        movingMeanExp = manager.zeros(new Shape(sampleSeeds.length), DataType.FLOAT64);
        shuffles = new SplittableRandom[sampleSeeds.length];
        for (int b = 0; b < sampleSeeds.length; b++) {
            shuffles[b] = new SplittableRandom(sampleSeeds[b] ^ 0x5DEECE66DL);
        }
    }

    /**
     * Switches the training gradient to MINE's bias-corrected form (Belghazi et al.): each sample's networks
     * minimise −(mean T_joint − mean e^{T_marginal} / m) with m a moving average (rate {@code rate}) of
     * mean e^{T_marginal}, held constant in the gradient. The reported estimate stays the plain DV value.
     * {@code 0} restores the paper's plain DV gradient.
     */
    public MineEstimator withMovingAverage(double rate) {
        if (rate < 0 || rate >= 1) {
            throw new IllegalArgumentException("moving-average rate must be in [0, 1), got " + rate);
        }
        this.emaRate = rate;
        return this;
    }

    /**
     * Makes every estimate and step standardise each p-vector of its input rows first (subtract its mean, divide by
     * its population standard deviation, no epsilon: the {@code random} variant's rule), inside the same call.
     */
    public MineEstimator standardisingInputs() {
        this.standardise = true;
        return this;
    }

    /** Sets the towers' arithmetic ({@link Precision#FP32} unless told otherwise). */
    public MineEstimator withPrecision(Precision value) {
        this.precision = value;
        return this;
    }

    /** The networks being trained. */
    public StatisticsNetworks networks() {
        return networks;
    }

    /** Arrays a step updates in place (weights and Adam state), for step-scoped managers. */
    public List<NDArray> mutableState() {
        List<NDArray> out = new ArrayList<>(networks.parameters());
        out.addAll(adam.state());
        out.add(movingMeanExp);
        return out;
    }

    /**
     * The DV estimate of every sample on rows xs, ys ([B, K, p], or [B, K, H, W] for the conv variant), with a fresh
     * shuffle per sample, [B]. Records a graph only when the caller's thread is in grad mode.
     */
    public NDArray estimate(NDArray xs, NDArray ys) {
        return estimate(xs, ys, nextPermutations(xs.getManager(), xs.getShape()));
    }

    /** As {@link #estimate(NDArray, NDArray)} with given marginal permutations, [B, K] row indices. */
    public NDArray estimate(NDArray xs, NDArray ys, NDArray permutations) {
        return MineKernels.estimate(networks.parameters(), layout(), xs, ys, permutations);
    }

    private MineKernels.Layout layout() {
        return new MineKernels.Layout(standardise, networks.conv(), precision);
    }

    /** Draws the next marginal permutation of every sample from its own generator, [B, K] row indices. */
    public NDArray nextPermutations(NDManager manager, Shape rows) {
        int batch = (int) rows.get(0);
        int k = (int) rows.get(1);
        long[] index = new long[batch * k];
        for (int b = 0; b < batch; b++) {
            for (int i = 0; i < k; i++) {
                index[b * k + i] = i;
            }
            for (int i = k - 1; i > 0; i--) {
                int j = shuffles[b].nextInt(i + 1);
                long t = index[b * k + i];
                index[b * k + i] = index[b * k + j];
                index[b * k + j] = t;
            }
        }
        return manager.create(index, new Shape(batch, k));
    }

    /**
     * One Adam step of every network towards a larger estimate on its rows xs, ys [B, K, p] (held fixed).
     *
     * @return each sample's estimate before the update (what the paper's code records), [B]
     */
    public float[] step(NDArray xs, NDArray ys) {
        NDArray permutations = nextPermutations(xs.getManager(), xs.getShape());
        boolean first = !stepped;
        List<NDArray> out = Autograd.recording(() -> MineKernels.gradients(networks.parameters(), layout(), xs, ys,
                permutations, movingMeanExp, emaRate, first));
        stepped = true;
        Autograd.noGrad();
        float[] before = out.get(0).toType(DataType.FLOAT32, false).toFloatArray();
        adam.step(networks.parameters(), out.subList(1, out.size()));
        out.forEach(NDArray::close);
        return before;
    }

    private static long[] initSeeds(long[] sampleSeeds) {
        long[] out = new long[sampleSeeds.length];
        for (int b = 0; b < out.length; b++) {
            out[b] = sampleSeeds[b] * 0x9E3779B97F4A7C15L + 0x632BE59BD9B4E019L;
        }
        return out;
    }
}
