package org.uaespark.models.contrastive;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import org.uaespark.data.Seeds;
import org.uaespark.models.Autograd;
import org.uaespark.models.ContrastiveRecipe;
import org.uaespark.models.FloatMatrix;
import org.uaespark.models.LossSums;
import org.uaespark.models.MineFeatures;
import org.uaespark.models.ModelConfig;
import org.uaespark.models.ModelKind;
import org.uaespark.models.UnsupervisedModel;
import org.uaespark.models.optim.Lars;
import org.uaespark.models.optim.Optimizer;
import org.uaespark.models.optim.WarmupCosine;

/**
 * SimCLR (the paper's Table 4): a {@link ResNetEncoder} and a {@link ProjectionHead} trained with {@link NtXent} on
 * two augmented views of every sample of a batch ({@link ViewDraw}, drawn from the step seed), by LARS on a
 * warm-up + cosine schedule. Samples are [H, W, C] images flattened, in [0, 1].
 *
 * <p>Outside training the model runs in inference mode (batch norm on running statistics), so each sample's output
 * depends on that sample only. Its views there are fixed by the sample's content: view pair p of sample x is drawn
 * from a seed of (x's bits, p), so the attack criterion sees the same crops, flips and jitter for x and for every
 * x + δ (common random numbers) and the test loss does not depend on how rows are batched across partitions.
 * The attack criterion is L(x′) over {@code attack-views} view pairs of the sample alone (the paper's 50 × 2
 * tiles, with real augmentation instead of its code's identical views, which {@code attack-augmentation = false}
 * restores); f(x, x′) − f(x, x) = L(x′) − L(x).
 */
public final class SimClr extends UnsupervisedModel implements FrozenEncoder {
    private final ContrastiveRecipe settings;
    private final int height;
    private final int width;
    private final int channels;
    private final ResNetEncoder encoder;
    private final ProjectionHead head;
    private final Lars lars;
    private WarmupCosine schedule;
    private long step;

    /** A freshly initialised model from {@code seed}. */
    public SimClr(ModelConfig config, NDManager manager, long seed, DataType dataType) {
        super(config, manager, dataType);
        if (config.kind() != ModelKind.SIMCLR) {
            throw new IllegalArgumentException("not a simclr configuration: " + config.kind());
        }
        settings = config.recipe().contrastive();
        height = config.inputShape()[0];
        width = config.inputShape()[1];
        channels = config.inputShape()[2];
        encoder = new ResNetEncoder(parameters(), channels, settings.width(), settings.blocks(), seed);
        head = new ProjectionHead(parameters(), settings.representationSize(), config.recipe().hidden(),
                config.recipe().latent(), seed);
        lars = new Lars(settings.momentum(), settings.weightDecay(), settings.trustCoefficient(), manager);
    }

    @Override
    public void startTraining(long totalSteps) {
        int epochs = config().recipe().epochs();
        schedule = WarmupCosine.of(config().recipe().optimizer().learningRate(), config().recipe().batchSize(),
                settings.warmupEpochs(), Math.max(1, totalSteps / epochs), epochs);
        step = 0;
    }

    /** The learning rate of the next training step. */
    public double nextLearningRate() {
        return schedule == null ? config().recipe().optimizer().learningRate() * config().recipe().batchSize() / 256.0
                : schedule.rate(step);
    }

    /** NT-Xent of two views of every sample of {@code x}, drawn from {@code stepSeed}; one LARS step. */
    @Override
    public float trainStep(NDArray x, long stepSeed) {
        lars.setLearningRate(nextLearningRate());
        step++;
        return step(() -> trainingLoss(x, stepSeed), lars, parameters().trainable());
    }

    /** The training loss of batch {@code x}: NT-Xent of its two views per sample, batch norm on batch statistics. */
    NDArray trainingLoss(NDArray x, long stepSeed) {
        int rows = Math.toIntExact(x.getShape().get(0));
        List<ViewDraw> draws = new ArrayList<>(2 * rows);
        for (int side = 0; side < 2; side++) {
            for (int i = 0; i < rows; i++) {
                draws.add(ViewDraw.draw(new SplittableRandom(Seeds.mix(stepSeed, i, side)), height, width, channels,
                        settings.jitterStrength()));
            }
        }
        NDArray images = images(x);
        NDArray views = ViewAugmentation.apply(images.concat(images, 0), draws);
        NDArray z = head.project(encoder.represent(views, true), true);
        return NtXent.perGroup(z.reshape(1, 2L * rows, -1), settings.temperature()).reshape(new Shape());
    }

    /** The loss L(x′) of {@code attack-views} view pairs of each sample, drawn from the original x: [B]. */
    @Override
    public NDArray perSample(NDArray x, NDArray xPrime) {
        int rows = Math.toIntExact(x.getShape().get(0));
        int pairs = settings.attackViews();
        float[] originals = floats(x);
        int d = originals.length / rows;
        List<ViewDraw> draws = new ArrayList<>(rows * 2 * pairs);
        for (int b = 0; b < rows; b++) {
            long key = contentKey(originals, b * d, d);
            for (int side = 0; side < 2; side++) {
                for (int p = 0; p < pairs; p++) {
                    draws.add(settings.attackAugmentation() ? fixedView(key, p, side)
                            : ViewDraw.identity(height, width, channels));
                }
            }
        }
        NDArray views = ViewAugmentation.apply(images(xPrime).repeat(0, 2L * pairs), draws);
        NDArray z = head.project(encoder.represent(views, false), false);
        return NtXent.perGroup(z.reshape(rows, 2L * pairs, -1), settings.temperature());
    }

    @Override
    public double[] perSample(FloatMatrix x, FloatMatrix xPrime) {
        double[] out = new double[x.rows()];
        int chunk = 8;
        float[] original = new float[chunk * x.cols()];
        float[] perturbed = new float[chunk * x.cols()];
        int[] identity = identity(x.rows());
        Autograd.noGrad();
        for (int from = 0; from < x.rows(); from += chunk) {
            int count = Math.min(chunk, x.rows() - from);
            x.gather(identity, from, count, original);
            xPrime.gather(identity, from, count, perturbed);
            try (NDManager scope = manager().newSubManager()) {
                scope.tempAttachAll(parameters().all().toArray(new NDArray[0]));
                Shape shape = new Shape(count, x.cols());
                float[] losses = perSample(scope.create(Arrays.copyOf(original, count * x.cols()), shape),
                        scope.create(Arrays.copyOf(perturbed, count * x.cols()), shape)).toType(DataType.FLOAT32,
                                false).toFloatArray();
                for (int r = 0; r < count; r++) {
                    out[from + r] = losses[r];
                }
            }
        }
        return out;
    }

    /**
     * NT-Xent over consecutive blocks of the recipe's batch size of rows (the negatives a training step sees;
     * {@code batchSize} is not used), each row's first fixed view pair, in inference mode: the sum of each block's
     * loss times its rows, over the rows.
     */
    @Override
    public LossSums lossSums(FloatMatrix rows, int batchSize) {
        return blockLossSums(rows, evaluationBlock());
    }

    /** Rows per block of the test loss: the training batch size. */
    public int evaluationBlock() {
        return config().recipe().batchSize();
    }

    private LossSums blockLossSums(FloatMatrix rows, int batchSize) {
        double sum = 0;
        float[] block = new float[batchSize * rows.cols()];
        int[] identity = identity(rows.rows());
        Autograd.noGrad();
        for (int from = 0; from < rows.rows(); from += batchSize) {
            int count = Math.min(batchSize, rows.rows() - from);
            rows.gather(identity, from, count, block);
            List<ViewDraw> draws = new ArrayList<>(2 * count);
            for (int side = 0; side < 2; side++) {
                for (int i = 0; i < count; i++) {
                    draws.add(fixedView(contentKey(block, i * rows.cols(), rows.cols()), 0, side));
                }
            }
            try (NDManager scope = manager().newSubManager()) {
                scope.tempAttachAll(parameters().all().toArray(new NDArray[0]));
                NDArray images = images(scope.create(Arrays.copyOf(block, count * rows.cols()),
                        new Shape(count, rows.cols())));
                NDArray views = ViewAugmentation.apply(images.concat(images, 0), draws);
                NDArray z = head.project(encoder.represent(views, false), false);
                sum += (double) NtXent.perGroup(z.reshape(1, 2L * count, -1), settings.temperature())
                        .toType(DataType.FLOAT32, false).getFloat() * count;
            }
        }
        return new LossSums(sum, rows.rows());
    }

    /** The pooled representation of a batch [B, d] in inference mode: [B, 8·width] (what linear evaluation reads). */
    @Override
    public NDArray represent(NDArray x) {
        return encoder.represent(images(x), false);
    }

    /** The stem convolution's maps before batch norm (SimCLR's {@code initial_conv}): what MINE compares. */
    @Override
    public Optional<MineFeatures> mineFeatures() {
        return Optional.of(MineFeatures.of(config().mineFeatureMaps().orElseThrow(),
                x -> encoder.stemMaps(images(x))));
    }

    @Override
    public Map<String, Object> trainedFacts() {
        return schedule == null ? Map.of() : Map.of("peakLearningRate", schedule.peak(), "warmupSteps",
                schedule.warmupSteps(), "steps", step);
    }

    @Override
    protected List<Optimizer> optimizers() {
        return List.of(lars);
    }

    /** View pair {@code pair}'s view {@code side} of the sample whose content key is {@code key}. */
    private ViewDraw fixedView(long key, int pair, int side) {
        return ViewDraw.draw(new SplittableRandom(Seeds.mix(key, pair, side)), height, width, channels,
                settings.jitterStrength());
    }

    /** A key of a sample's float bits: its fixed views' seed. */
    static long contentKey(float[] values, int offset, int length) {
        long key = 0x5EED_C0DEL;
        for (int i = offset; i < offset + length; i++) {
            key = Seeds.mix(key, Float.floatToIntBits(values[i]));
        }
        return key;
    }

    private NDArray images(NDArray x) {
        return x.reshape(x.getShape().get(0), height, width, channels).transpose(0, 3, 1, 2);
    }

    private static float[] floats(NDArray x) {
        return x.getDataType() == DataType.FLOAT32 ? x.toFloatArray() : x.toType(DataType.FLOAT32, false).toFloatArray();
    }

    private static int[] identity(int n) {
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = i;
        }
        return out;
    }
}
