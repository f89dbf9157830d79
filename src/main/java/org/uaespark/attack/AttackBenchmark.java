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
 * networks and projections count per sample.
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
     * @param gflopPerSample   counted floating-point work per sample (statistics networks and projections)
     */
    public record Result(int batchSize, int samples, double seconds, double samplesPerSecond, double gflopPerSample) {
        /** Achieved GFLOP/s over the counted work. */
        public double gflops() {
            return gflopPerSample * samplesPerSecond;
        }
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
        return new Result(batchSize, inputs.length, seconds, inputs.length / seconds, gflopPerSample(settings, model));
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
     * The fp32 rate of the attack's dominant product at this batch size, measured now: B per-sample statistics
     * networks' first layers, the sample's rows (K pairs) by the tower input, by the hidden width.
     */
    public static GemmProbe.Rate towerProbe(AttackSettings settings, ModelConfig model, int batchSize, int reps) {
        return GemmProbe.batched(batchSize, (int) AttackMemory.minePairs(settings, model),
                (int) AttackMemory.denseInput(settings, model), settings.hidden(), reps);
    }

    /**
     * Counted work per sample: per evaluation both towers on K rows each (towers are evaluated once per row; joint
     * and marginal pairs reuse the outputs), forward plus a backward pass at twice the forward cost, and the head;
     * for the {@code conv} variant the 2×2 convolution front on every row (K = the model's first-layer channels);
     * for the {@code random} variant the projections of x and x' (d·K·p multiply-adds each) wherever a matrix is
     * drawn (not in the exact mode). T·(1 + MINE steps) evaluations and the warm-up's MINE steps. The attacked
     * model's own work is not counted.
     */
    static double gflopPerSample(AttackSettings s, ModelConfig model) {
        if (s.method() != AttackMethod.MINE) {
            return 0;
        }
        long k = AttackMemory.minePairs(s, model);
        double convFront = s.mineFeatureMaps(model).isPresent() ? 2.0 * AttackMemory.denseInput(s, model) * 4 : 0;
        double row = convFront + 2.0 * AttackMemory.denseInput(s, model) * s.hidden() + 2.0 * s.hidden() * s.towerOut();
        double towers = 2 * k * row;
        double head = 2.0 * k * s.towerOut() * 2;
        boolean projects = s.mineFeatureMaps(model).isEmpty();
        double projection = projects ? 2.0 * model.inputSize() * s.k() * s.p() * 2 : 0;
        double deltaStep = 3 * (towers + head) + (s.projections() == ProjectionMode.EXACT ? 0 : projection);
        double mineStep = 3 * (towers + head) + (s.mineStepProjections() == ProjectionMode.EXACT ? 0 : projection);
        return (s.iterations() * (deltaStep + s.mineSteps() * mineStep) + s.mineWarmupSteps() * mineStep) / 1e9;
    }
}
