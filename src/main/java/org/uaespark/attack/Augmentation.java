package org.uaespark.attack;

import java.io.Serializable;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import org.uaespark.models.ModelFootprint;
import org.uaespark.models.UnsupervisedCriterion;

/**
 * A way of making augmentation rows from training samples under a trained model: one of the MinMax attacks
 * ({@link MinMaxAugmentation}: MINE-UAE, L2-UAE) or model-free copies ({@link CopyAugmentation}: Gaussian
 * noise, flips and rotations). Each case knows its name (the augmented table's folder and
 * the grid arm built on it), how many rows it makes per sample, what enters the attack stage's fingerprint, which
 * samples it applies to, how large a batch it can take, and how to augment a batch. A new method (another noise
 * schedule, a crop) is a new record listed here and a spelling in
 * {@code config/Augmentations}; the stages, the grid and the MLlib transformer need no change.
 */
public sealed interface Augmentation extends Serializable permits MinMaxAugmentation, CopyAugmentation {

    /** The method: the {@code method} column of its rows and the spelling of {@code uae.attack.method}. */
    String method();

    /** The name of its table under {@code <run>/augmented/<model>/}, and of the grid arm that appends it. */
    String outputName();

    /** A parameter as written in names, e.g. {@code 0.01} in {@code gaussian-0.01}, {@code 15} in {@code rotate-15}. */
    static String label(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    /** Rows made per training sample. */
    int rowsPerSample();

    /**
     * Whether a grid arm of this augmentation trains one seeded cell per repeat of its rows (cell r appends the rows
     * of repeat r) rather than one cell on all its rows.
     */
    boolean cellPerRepeat();

    /**
     * Everything of the augmentation that determines its rows for samples of {@code sampleShape}, in the order the
     * stage's fingerprint records it.
     */
    Map<String, Object> fingerprintFields(int[] sampleShape);

    /** Rows for every sample of {@code batch} under the attacked model's criterion, in a fixed order. */
    List<AugmentedSample> augment(UnsupervisedCriterion target, SampleBatch batch);

    /**
     * Whether a retrain arm appends only this augmentation's rows that met the criterion (Φ's loss no worse than on
     * the original), so that a failing attack cannot pass its rows off as augmentation; false: every row, as the
     * paper does. A MinMax profile's {@code append} setting.
     */
    default boolean appendsOnlyCriterionMet() {
        return false;
    }

    /** The key of its row in the paper's result table (Table 2): its name unless the paper groups it by method. */
    default String paperKey() {
        return outputName();
    }

    /**
     * Fails with an {@link IllegalArgumentException} naming the augmentation and the shape when it cannot augment
     * samples of {@code sampleShape} (a rotation of tabular rows): checked before any compute is spent.
     */
    default void requireApplicable(int[] sampleShape) {
    }

    /**
     * Fails with an {@link IllegalArgumentException} saying why when a batch of {@code batchSize} samples cannot be
     * held (arrays past Java's limits).
     */
    default void requireBatchFits(ModelFootprint model, int batchSize) {
    }

    /** The batch size chosen within {@code budgetBytes} per task, at most {@code cap}, with its arithmetic. */
    default BatchChoice batchWithin(ModelFootprint model, long budgetBytes, int cap) {
        return new BatchChoice(cap, "the cap: rows cost next to nothing");
    }

    /**
     * An automatic batch size and why.
     *
     * @param size        samples per batch
     * @param explanation the arithmetic behind it, for the log
     */
    record BatchChoice(int size, String explanation) {
    }
}
