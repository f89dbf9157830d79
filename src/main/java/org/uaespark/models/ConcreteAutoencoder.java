package org.uaespark.models;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;

import org.uaespark.data.Seeds;
import org.uaespark.models.optim.Optimizer;

/**
 * The concrete autoencoder (Balin et al. 2019, the paper's feature-selection model, {@code src/site/markdown/paper-spec.md}
 * §7): a selector layer of M nodes with logits [M, d] picks M of the d input features, and a decoder
 * Dense(hidden) → LeakyReLU(0.2) → Dropout(0.1) → Dense(hidden) → LeakyReLU(0.2) → Dropout(0.1) → Dense(d)
 * (linear) reconstructs all d from them, trained with MSE.
 *
 * <p>Training: node m's selection is softmax((logits_m + g)/T) with Gumbel noise g = −log(−log U), U ~ U(ε, 1),
 * and the temperature decays every step, T_k = max(0.1, 10·a^k) with a = (0.1/10)^(1/steps), so that it reaches
 * 0.1 at the last of the {@link #startTraining scheduled} steps. Inference: the one-hot argmax of the logits, so
 * Φ(x) = decoder(x[selected features]) without dropout. The noise and dropout masks of a step are drawn from its
 * step seed: training is deterministic given the seed. The recipe's {@code latent} is M, its {@code hidden} the
 * decoder width (320 in the paper).
 */
public final class ConcreteAutoencoder extends Autoencoder {
    /** The selector's temperature before the first step. */
    public static final double START_TEMPERATURE = 10;
    /** The temperature the schedule ends at and never goes below. */
    public static final double FINAL_TEMPERATURE = 0.1;
    /** The reference library's convergence threshold on {@link #meanMaxProbability()}. */
    public static final double CONVERGED_PROBABILITY = 0.998;
    private static final double DROPOUT = 0.1;
    private static final float LEAKY_SLOPE = 0.2f;
    private static final String[] DECODER = {"decoder.dense1", "decoder.dense2", "decoder.output"};

    private final NDArray logits;
    private final NDArray[] weights = new NDArray[DECODER.length];
    private final NDArray[] biases = new NDArray[DECODER.length];
    private final Optimizer optimizer;
    private double decay = 1;
    private long steps;
    private double temperature = START_TEMPERATURE;

    /** A freshly initialised model (Glorot-normal logits, Glorot-uniform decoder kernels, zero biases). */
    public ConcreteAutoencoder(ModelConfig config, NDManager manager, long seed, DataType dataType) {
        super(config, manager, dataType);
        if (config.kind() != ModelKind.CONCRETE) {
            throw new IllegalArgumentException("not a concrete configuration: " + config.kind());
        }
        int d = config.inputSize();
        int m = config.recipe().latent();
        int h = config.recipe().hidden();
        ParameterSet p = parameters();
        logits = p.glorotNormal("selector.logits", new Shape(m, d), m, d, seed);
        int[][] sizes = {{m, h}, {h, h}, {h, d}};
        for (int i = 0; i < DECODER.length; i++) {
            weights[i] = p.glorotUniform(DECODER[i] + ".weight", new Shape(sizes[i][0], sizes[i][1]), sizes[i][0],
                    sizes[i][1], seed);
            biases[i] = p.zeros(DECODER[i] + ".bias", new Shape(sizes[i][1]));
        }
        optimizer = Optimizer.of(config.recipe().optimizer(), manager);
    }

    /** Sets the temperature schedule for {@code totalSteps} steps and restarts it at {@link #START_TEMPERATURE}. */
    @Override
    public void startTraining(long totalSteps) {
        decay = Math.exp(Math.log(FINAL_TEMPERATURE / START_TEMPERATURE) / Math.max(1, totalSteps));
        steps = 0;
        temperature = START_TEMPERATURE;
    }

    /** The temperature of the last training step's selection (T_k after k steps; 10 before the first). */
    public double temperature() {
        return temperature;
    }

    @Override
    public float trainStep(NDArray x, long stepSeed) {
        steps++;
        temperature = Math.max(FINAL_TEMPERATURE, START_TEMPERATURE * Math.pow(decay, steps));
        return step(() -> loss(x, stepSeed), optimizer, parameters().all());
    }

    /**
     * The training loss of batch {@code x} at the current temperature: MSE of the reconstruction through the
     * Gumbel-softmax selection and the dropout masks drawn from {@code stepSeed} (fixed noise: differentiable
     * and repeatable, as finite-difference checks need).
     */
    public NDArray loss(NDArray x, long stepSeed) {
        NDManager scope = x.getManager();
        SplittableRandom random = new SplittableRandom(Seeds.mix(stepSeed, 1));
        NDArray gumbel = scope.create(gumbel(random, Math.toIntExact(logits.getShape().size())), logits.getShape())
                .toType(logits.getDataType(), false);
        NDArray selection = Scalars.over(logits.add(gumbel), temperature).softmax(1);
        NDArray selected = x.matMul(selection.transpose());
        return Losses.mse(x, decode(selected, random));
    }

    /** Φ(x): the decoder applied to the selected features (one-hot argmax of the logits), no dropout. */
    @Override
    public NDArray reconstruct(NDArray x) {
        return decode(x.matMul(selectionMatrix(x.getManager()).transpose()), null);
    }

    /** The one-hot selection [M, d] of the argmax of each node's logits, in {@code manager}, the logits' type. */
    private NDArray selectionMatrix(NDManager manager) {
        int[] selected = selectedFeatures();
        int d = config().inputSize();
        float[] oneHot = new float[selected.length * d];
        for (int m = 0; m < selected.length; m++) {
            oneHot[m * d + selected[m]] = 1;
        }
        return manager.create(oneHot, new Shape(selected.length, d)).toType(logits.getDataType(), false);
    }

    /** The feature each node selects: argmax over d of its logits, in node order (a feature may repeat). */
    public int[] selectedFeatures() {
        try (NDManager scope = logits.getManager().newSubManager()) {
            scope.tempAttachAll(logits);
            long[] argmax = logits.argMax(1).toLongArray();
            int[] out = new int[argmax.length];
            for (int i = 0; i < out.length; i++) {
                out[i] = (int) argmax[i];
            }
            return out;
        }
    }

    /**
     * The reference library's convergence measure: the mean over nodes of max softmax(logits) (no temperature);
     * 1 when every node has settled on one feature.
     */
    public double meanMaxProbability() {
        try (NDManager scope = logits.getManager().newSubManager()) {
            scope.tempAttachAll(logits);
            return logits.softmax(1).max(new int[] {1}).mean().toType(DataType.FLOAT64, false).getDouble();
        }
    }

    /** The decoder; {@code dropout} draws the two dropout masks (null: inference, no dropout). */
    private NDArray decode(NDArray selected, SplittableRandom dropout) {
        NDArray h = selected;
        for (int i = 0; i < DECODER.length - 1; i++) {
            h = Activation.leakyRelu(Layers.dense(h, weights[i], biases[i]), LEAKY_SLOPE);
            if (dropout != null) {
                h = h.mul(dropoutMask(h, dropout));
            }
        }
        return Layers.dense(h, weights[DECODER.length - 1], biases[DECODER.length - 1]);
    }

    /** Keras' inverted dropout: each unit kept with probability 0.9 and scaled by 1/0.9. */
    private static NDArray dropoutMask(NDArray like, SplittableRandom random) {
        float keep = (float) (1 / (1 - DROPOUT));
        float[] mask = new float[Math.toIntExact(like.getShape().size())];
        for (int i = 0; i < mask.length; i++) {
            mask[i] = random.nextDouble() < DROPOUT ? 0 : keep;
        }
        return like.getManager().create(mask, like.getShape()).toType(like.getDataType(), false);
    }

    /** Gumbel noise −log(−log U), U ~ U(ε, 1) with Keras' ε = 1e-7, as float32. */
    private static float[] gumbel(SplittableRandom random, int size) {
        float[] out = new float[size];
        for (int i = 0; i < size; i++) {
            double u = Losses.KERAS_EPSILON + (1 - Losses.KERAS_EPSILON) * random.nextDouble();
            out[i] = (float) -Math.log(-Math.log(u));
        }
        return out;
    }

    /** Whether every node has settled: {@link #meanMaxProbability()} at least {@link #CONVERGED_PROBABILITY}. */
    @Override
    public boolean trainingConverged() {
        return meanMaxProbability() >= CONVERGED_PROBABILITY;
    }

    /** The selected features, the convergence measure and the final temperature. */
    @Override
    public Map<String, Object> trainedFacts() {
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("selectedFeatures", selectedFeatures());
        facts.put("meanMaxProbability", meanMaxProbability());
        facts.put("convergedAt", CONVERGED_PROBABILITY);
        facts.put("finalTemperature", temperature);
        return facts;
    }

    @Override
    protected List<Optimizer> optimizers() {
        return List.of(optimizer);
    }
}
