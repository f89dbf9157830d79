package org.uaespark.attack;

import java.util.SplittableRandom;

import org.uaespark.data.Seeds;
import org.uaespark.mine.ProjectionMode;
import org.uaespark.models.GemmProbe;
import org.uaespark.models.ModelConfig;
import org.uaespark.models.UnsupervisedCriterion;

/**
 * Attack throughput at a given batch size, on a run's samples or on uniform ones of the model's shape (the counted
 * work does not depend on the values, the attacked model's convergence may), with the floating-point work the MINE
 * networks and projections cost per sample counted two ways: as this implementation executes it (each tower's two
 * dense layers applied as one product, {@link org.uaespark.mine.StatisticsNetworks}) and as the paper's network
 * evaluated layer after layer (what the per-sample reference loop executes).
 */
public final class AttackBenchmark {
    private AttackBenchmark() {
    }

    /**
     * One measurement.
     *
     * @param batchSize        samples attacked together
     * @param samples          samples attacked
     * @param seconds          wall time
     * @param samplesPerSecond throughput
     * @param work             counted floating-point work per sample
     */
    public record Result(int batchSize, int samples, double seconds, double samplesPerSecond, Work work) {
        /** Achieved GFLOP/s of the executed work. */
        public double gflops() {
            return work.executed() * samplesPerSecond;
        }

        /** The layer-by-layer work per second: the rate a loop evaluating the paper's layers in turn would need. */
        public double layeredGflops() {
            return work.layered() * samplesPerSecond;
        }
    }

    /**
     * GFLOP per attacked sample in the statistics networks and projections (the attacked model's own work is not
     * counted).
     *
     * @param executed as this implementation evaluates the towers: W₁W₂ formed once per evaluation, then applied
     * @param layered  as the paper's network is written, layer after layer on every row
     */
    public record Work(double executed, double layered) {
    }

    /**
     * Attacks {@code warmup} samples untimed (the first batches pay for allocation, kernel selection and the JIT),
     * then every sample of {@code inputs} timed, in batches of {@code batchSize} under {@code target}, a model of
     * configuration {@code model}. The warm-up cycles through the inputs.
     */
    public static Result measure(UnsupervisedCriterion target, ModelConfig model, AttackSettings settings,
            int batchSize, int warmup, float[][] inputs) {
        MinMaxAttack attack = new MinMaxAttack(settings);
        float[][] warmupInputs = new float[warmup][];
        for (int i = 0; i < warmup; i++) {
            warmupInputs[i] = inputs[i % inputs.length];
        }
        attackAll(attack, target, model, batchSize, warmupInputs);
        long started = System.nanoTime();
        attackAll(attack, target, model, batchSize, inputs);
        double seconds = (System.nanoTime() - started) / 1e9;
        return new Result(batchSize, inputs.length, seconds, inputs.length / seconds, work(settings, model));
    }

    /** {@code count} samples of {@code d} values uniform in [0, 1), seeded (the attack's work does not depend on them). */
    public static float[][] uniformSamples(int count, int d, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[][] out = new float[count][d];
        for (float[] row : out) {
            for (int j = 0; j < d; j++) {
                row[j] = (float) random.nextDouble();
            }
        }
        return out;
    }

    private static void attackAll(MinMaxAttack attack, UnsupervisedCriterion target, ModelConfig model, int batchSize,
            float[][] inputs) {
        for (int from = 0; from < inputs.length; from += batchSize) {
            int count = Math.min(batchSize, inputs.length - from);
            float[][] x = java.util.Arrays.copyOfRange(inputs, from, from + count);
            long[] seeds = new long[count];
            for (int b = 0; b < count; b++) {
                seeds[b] = Seeds.mix(1, from + b);
            }
            attack.attack(target, x, model.inputShape(), seeds, 3);
        }
    }

    /**
     * Work per sample: per evaluation both towers (each once per row; joint and marginal pairs reuse the outputs),
     * forward plus a backward pass at twice the forward cost, and the head; for the {@code conv} variant the 2×2
     * convolution front on every row (K = the model's first-layer channels); for the {@code random} variant the
     * projections of x and x' (d·K·p multiply-adds each) wherever a matrix is drawn (not in the exact mode).
     * T·(1 + MINE steps) evaluations and the warm-up's MINE steps. A tower on K rows of width {@code in} costs
     * K·(in·hidden + hidden·out) multiply-adds layer by layer, and in·hidden·out + hidden·out + K·in·out as one
     * product (its weights' product and bias, then the rows).
     */
    static Work work(AttackSettings s, ModelConfig model) {
        if (s.method() != AttackMethod.MINE) {
            return new Work(0, 0);
        }
        long k = AttackMemory.minePairs(s, model);
        double in = AttackMemory.denseInput(s, model);
        double convFront = s.mineFeatureMaps(model).isPresent() ? 2.0 * in * 4 * k : 0;
        double layered = convFront + 2.0 * k * (in * s.hidden() + s.hidden() * s.towerOut());
        double product = convFront + 2.0 * (in * s.hidden() * s.towerOut() + s.hidden() * s.towerOut() + k * in * s.towerOut());
        double head = 2.0 * k * s.towerOut() * 2;
        boolean projects = s.mineFeatureMaps(model).isEmpty();
        double projection = projects ? 2.0 * model.inputSize() * s.k() * s.p() * 2 : 0;
        double deltaProjection = s.projections() == ProjectionMode.EXACT ? 0 : projection;
        double stepProjection = s.mineStepProjections() == ProjectionMode.EXACT ? 0 : projection;
        double deltaEvaluations = s.iterations();
        double mineEvaluations = (double) s.iterations() * s.mineSteps() + s.mineWarmupSteps();
        double projections = deltaEvaluations * deltaProjection + mineEvaluations * stepProjection;
        double evaluations = deltaEvaluations + mineEvaluations;
        return new Work((evaluations * 3 * (2 * product + head) + projections) / 1e9,
                (evaluations * 3 * (2 * layered + head) + projections) / 1e9);
    }
}
