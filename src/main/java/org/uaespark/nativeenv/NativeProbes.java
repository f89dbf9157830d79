package org.uaespark.nativeenv;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;

import org.uaespark.mine.MineEstimator;
import org.uaespark.models.Autoencoder;
import org.uaespark.models.Autograd;
import org.uaespark.models.FloatMatrix;
import org.uaespark.models.Layers;
import org.uaespark.models.ModelConfig;
import org.uaespark.models.ModelKind;
import org.uaespark.models.ModelRecipe;
import org.uaespark.models.ModelTrainer;
import org.uaespark.models.Models;
import org.uaespark.models.UnsupervisedModel;
import org.uaespark.models.optim.OptimizerSpec;

/**
 * The checks {@link Doctor} runs, each in a JVM of its own started with the native settings under test (MKL,
 * oneDNN and ATen read them once, when they load). The child prints one line {@value #RESULT} {@code PASS|FAIL
 * detail} and exits 0; a child that dies (a corrupted heap aborts the JVM) has not passed.
 * <ul>
 *   <li>{@value #CONV_BACKWARD}: libtorch's convolution forward and input gradient (5×5 'same' and 3×3 stride 2,
 *   as the conv AE and SimCLR use them) over many passes, every gradient finite. On an AMD EPYC VM oneDNN's AVX2
 *   and AVX-512 kernels returned NaN gradients at random and corrupted the heap; at SSE4.1 never.</li>
 *   <li>{@value #BATCH_INVARIANCE}: the transcendental functions the models use on batches of 13- and 784-value
 *   rows, and
 *   what the attack computes per sample — a trained dense and conv AE's
 *   reconstruction, criterion and input gradient, and the conv and random MINE variants' estimates over Adam steps
 *   — bit for bit the same for a sample whatever its position in a batch of 3 (and, for the random variant, when
 *   it is alone).</li>
 * </ul>
 */
public final class NativeProbes {
    /** The probe of oneDNN's convolutions. */
    public static final String CONV_BACKWARD = "conv-backward";
    /** The probe of a sample's results against its batch. */
    public static final String BATCH_INVARIANCE = "batch-invariance";
    /**
     * A negative control: the flat, unrowed sigmoid on 13-value rows, which fails wherever ATen's kernels have
     * SIMD blocks; it shows that the comparisons can see a one-ulp difference.
     */
    public static final String CONTROL = "control";
    /** The prefix of the child's result line. */
    static final String RESULT = "UAE-PROBE";
    private static final int PASSES = 300;
    private static final int[] IMAGE = {28, 28, 1};
    private static final int BATCH = 3;

    private NativeProbes() {
    }

    /** Runs the probe named by {@code args[0]} and prints its result line. */
    public static void main(String[] args) {
        String failure;
        try {
            failure = switch (args.length == 1 ? args[0] : "") {
                case CONV_BACKWARD -> convBackward();
                case BATCH_INVARIANCE -> batchInvariance();
                case CONTROL -> control();
                default -> throw new IllegalArgumentException("usage: NativeProbes " + CONV_BACKWARD + "|"
                        + BATCH_INVARIANCE + "|" + CONTROL);
            };
        } catch (RuntimeException e) {
            failure = "threw " + e;
        }
        System.out.println(RESULT + " " + (failure == null ? "PASS" : "FAIL " + failure));
        System.out.flush();
    }

    /** Null when every gradient was finite, else which pass and layer gave a NaN or infinity. */
    static String convBackward() {
        SplittableRandom random = new SplittableRandom(42);
        try (NDManager manager = NDManager.newBaseManager()) {
            for (int out : new int[] {1, 3, 8, 16}) {
                for (int pass = 0; pass < PASSES; pass++) {
                    try (NDManager scope = manager.newSubManager()) {
                        NDArray x = scope.create(uniform(random, 20 * 16 * 8 * 8, 1), new Shape(20, 16, 8, 8));
                        x.setRequiresGradient(true);
                        NDArray w = scope.create(uniform(random, out * 16 * 25, 0.1), new Shape(out, 16, 5, 5));
                        NDArray w3 = scope.create(uniform(random, out * 16 * 9, 0.1), new Shape(out, 16, 3, 3));
                        Autograd.backward(() -> Layers.conv2dSame(x, w, scope.zeros(new Shape(out))).sum()
                                .add(Conv2d.conv2d(x, w3, null, new Shape(2, 2), new Shape(1, 1), new Shape(1, 1), 1)
                                        .singletonOrThrow().sum()));
                        Autograd.noGrad();
                        NDArray g = x.getGradient();
                        if (g.isNaN().any().getBoolean() || g.isInfinite().any().getBoolean()) {
                            return "non-finite input gradient in pass " + pass + " with " + out + " output channels";
                        }
                    }
                }
            }
        }
        return null;
    }

    /** Null when every sample's results were the same bits wherever it stood, else what differed. */
    static String batchInvariance() {
        SplittableRandom random = new SplittableRandom(7);
        float[][] rows = new float[BATCH][];
        for (int b = 0; b < BATCH; b++) {
            rows[b] = uniform(random, 784, 0.5);
            for (int j = 0; j < rows[b].length; j++) {
                rows[b][j] += 0.5f;
            }
        }
        List<String> failures = new ArrayList<>();
        try (NDManager manager = NDManager.newBaseManager()) {
            for (int width : new int[] {13, 784}) {
                float[][] spread = new float[BATCH][];
                for (int b = 0; b < BATCH; b++) {
                    spread[b] = uniform(random, width, 8);
                }
                check("elementwise on " + width + " values", spread, true, failures, batch -> {
                    try (NDManager scope = manager.newSubManager()) {
                        NDArray x = scope.create(flatten(batch), new Shape(batch.length, width));
                        return concat(batch.length, Layers.sigmoid(x).toFloatArray(), x.exp().toFloatArray(),
                                x.abs().add(1e-3f).log().toFloatArray());
                    }
                });
            }
            for (ModelKind kind : new ModelKind[] {ModelKind.DENSE, ModelKind.CONV}) {
                try (UnsupervisedModel model = trained(kind, random)) {
                    Autoencoder ae = (Autoencoder) model;
                    check(kind.configName() + " AE", rows, false, failures, batch -> {
                        try (NDManager scope = manager.newSubManager()) {
                            NDArray x = scope.create(flatten(batch), new Shape(batch.length, 784));
                            NDArray perturbed = x.mul(0.9f).add(0.05f);
                            perturbed.setRequiresGradient(true);
                            NDArray criterion = Autograd.backward(() -> ae.perSample(x, perturbed).sum());
                            Autograd.noGrad();
                            return concat(batch.length, ae.reconstruct(x).toFloatArray(),
                                    ae.perSample(x, perturbed).toFloatArray(), perturbed.getGradient().toFloatArray(),
                                    new float[] {criterion.getFloat()});
                        }
                    });
                }
            }
            float[][] maps = new float[BATCH][];
            float[][] projected = new float[BATCH][];
            for (int b = 0; b < BATCH; b++) {
                maps[b] = uniform(random, 2 * 16 * 28 * 28, 1);
                projected[b] = uniform(random, 2 * 100 * 32, 1);
            }
            check("conv MINE", maps, false, failures,
                    batch -> mineSteps(manager, batch, new Shape(16, 28, 28), true));
            check("random MINE", projected, true, failures,
                    batch -> mineSteps(manager, batch, new Shape(100, 32), false));
        }
        return failures.isEmpty() ? null : String.join("; ", failures);
    }

    /** What {@link #batchInvariance} finds for ATen's flat sigmoid on 20 batches of 13-value rows. */
    static String control() {
        SplittableRandom random = new SplittableRandom(11);
        List<String> failures = new ArrayList<>();
        try (NDManager manager = NDManager.newBaseManager()) {
            for (int trial = 0; trial < 20; trial++) {
                float[][] rows = new float[BATCH][];
                for (int b = 0; b < BATCH; b++) {
                    rows[b] = uniform(random, 13, 8);
                }
                check("flat sigmoid", rows, false, failures, batch -> {
                    try (NDManager scope = manager.newSubManager()) {
                        return Activation.sigmoid(scope.create(flatten(batch), new Shape(batch.length, 13)))
                                .toFloatArray();
                    }
                });
            }
        }
        return failures.isEmpty() ? null : String.join("; ", failures);
    }

    /** Three Adam steps of per-sample statistics networks on xs, ys (each row holds a sample's xs then ys). */
    private static float[] mineSteps(NDManager manager, float[][] batch, Shape rows, boolean conv) {
        long[] seeds = new long[batch.length];
        for (int b = 0; b < batch.length; b++) {
            seeds[b] = Arrays.hashCode(batch[b]);
        }
        OptimizerSpec adam = new OptimizerSpec("adam-fused", 1.5e-5, 0, 0.9, 0.999, 1e-8);
        try (NDManager scope = manager.newSubManager()) {
            MineEstimator mine = conv
                    ? MineEstimator.conv(scope, seeds, new int[] {28, 28}, 32, 10, adam, DataType.FLOAT32)
                    : new MineEstimator(scope, seeds, 32, 64, 10, adam);
            long[] dims = new long[rows.dimension() + 2];
            dims[0] = batch.length;
            dims[1] = 2;
            System.arraycopy(rows.getShape(), 0, dims, 2, rows.dimension());
            NDArray both = scope.create(flatten(batch), new Shape(dims));
            NDArray xs = both.get(":, 0");
            NDArray ys = both.get(":, 1");
            List<float[]> estimates = new ArrayList<>();
            for (int step = 0; step < 3; step++) {
                estimates.add(mine.step(xs, ys));
            }
            estimates.add(mine.estimate(xs, ys).toFloatArray());
            return concat(batch.length, estimates.toArray(new float[0][]));
        }
    }

    /** A model trained one epoch on noise, so that its weights are not the initial draw's. */
    private static UnsupervisedModel trained(ModelKind kind, SplittableRandom random) {
        OptimizerSpec optimizer = new OptimizerSpec(kind == ModelKind.CONV ? "adadelta" : "rmsprop",
                kind == ModelKind.CONV ? 1.0 : 0.0025, 0.9, 0.9, 0.999, 1e-7);
        ModelConfig config = new ModelConfig(new ModelRecipe(kind, 32, 128, optimizer, 1, 32, 3, 0.1, 1e-7, 0, null),
                IMAGE);
        UnsupervisedModel model = Models.create(config, Device.cpu(), 3);
        float[] data = uniform(random, 96 * 784, 0.5);
        for (int i = 0; i < data.length; i++) {
            data[i] += 0.5f;
        }
        ModelTrainer.train(model, new FloatMatrix(96, 784, data), 1, null);
        return model;
    }

    /**
     * Adds to {@code failures} where {@code f}'s per-sample results for {@code rows} differ from those of the rows
     * rotated by one and, with {@code alone}, from each row's result in a batch of its own. {@code f} returns the
     * batch's results sample-major. A batch of one is a product of another shape (MKL may take another kernel for
     * it), so only the random MINE variant promises it; the attack's batches are fixed by its work units.
     */
    private static void check(String what, float[][] rows, boolean alone, List<String> failures,
            Function<float[][], float[]> f) {
        int n = rows.length;
        float[] batch = f.apply(rows);
        float[][] rotated = new float[n][];
        for (int b = 0; b < n; b++) {
            rotated[(b + 1) % n] = rows[b];
        }
        float[] moved = f.apply(rotated);
        int per = batch.length / n;
        for (int b = 0; b < n; b++) {
            float[] mine = Arrays.copyOfRange(batch, b * per, (b + 1) * per);
            if (!Arrays.equals(mine, Arrays.copyOfRange(moved, ((b + 1) % n) * per, ((b + 1) % n + 1) * per))) {
                failures.add(what + ": sample " + b + " of " + n + " differs at position " + (b + 1) % n);
            }
            if (alone && !Arrays.equals(mine, f.apply(new float[][] {rows[b]}))) {
                failures.add(what + ": sample " + b + " of " + n + " differs when alone");
            }
        }
    }

    /** Sample-major concatenation of per-batch arrays: sample b's slice of each, in order. */
    private static float[] concat(int batch, float[]... parts) {
        int per = 0;
        for (float[] p : parts) {
            per += p.length / batch;
        }
        float[] out = new float[batch * per];
        int at = 0;
        for (int b = 0; b < batch; b++) {
            for (float[] p : parts) {
                int slice = p.length / batch;
                System.arraycopy(p, b * slice, out, at, slice);
                at += slice;
            }
        }
        return out;
    }

    private static float[] flatten(float[][] rows) {
        float[] out = new float[rows.length * rows[0].length];
        for (int b = 0; b < rows.length; b++) {
            System.arraycopy(rows[b], 0, out, b * rows[b].length, rows[b].length);
        }
        return out;
    }

    private static float[] uniform(SplittableRandom random, int n, double scale) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) ((random.nextDouble() * 2 - 1) * scale);
        }
        return out;
    }
}
