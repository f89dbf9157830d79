package org.uaespark.attack;

import java.util.ArrayList;
import java.util.List;

import org.uaespark.models.FloatMatrix;
import org.uaespark.models.UnsupervisedCriterion;

/**
 * An augmentation that makes model-free copies of each sample ({@link GaussianAugmentation},
 * {@link GeometricAugmentation}): {@link #repeats()} copies per sample, copy r drawn from the sample's seed and r,
 * one seeded grid cell per repeat. Each row carries the attacked model's loss at the sample and at the copy (whether
 * the copy meets the attack's criterion, for a like-for-like ASR column) and the id
 * {@code <sample id>~<method>~r<r>}.
 */
public sealed interface CopyAugmentation extends Augmentation permits GaussianAugmentation, GeometricAugmentation {

    /** Copies per sample. */
    int repeats();

    /** Copy {@code repeat} of sample {@code x} (of shape {@code shape}) whose seed is {@code sampleSeed}. */
    float[] copy(float[] x, int[] shape, long sampleSeed, int repeat);

    /** The {@code profile} column of the rows. */
    String profileLabel();

    @Override
    default int rowsPerSample() {
        return repeats();
    }

    @Override
    default boolean cellPerRepeat() {
        return true;
    }

    @Override
    default List<AugmentedSample> augment(UnsupervisedCriterion target, SampleBatch batch) {
        int n = batch.size();
        int d = batch.features()[0].length;
        FloatMatrix x = new FloatMatrix(n, d, MinMaxAttack.flatten(batch.features()));
        double[] before = target.perSample(x, x);
        List<AugmentedSample> rows = new ArrayList<>(n * repeats());
        for (int r = 0; r < repeats(); r++) {
            float[][] copies = new float[n][];
            for (int b = 0; b < n; b++) {
                copies[b] = copy(batch.features()[b], batch.shape(), batch.seeds()[b], r);
            }
            double[] after = target.perSample(x, new FloatMatrix(n, d, MinMaxAttack.flatten(copies)));
            for (int b = 0; b < n; b++) {
                boolean met = after[b] <= before[b];
                rows.add(new AugmentedSample(b, batch.ids()[b] + "~" + method() + "~r" + r, copies[b], profileLabel(),
                        met, met, before[b], after[b], null, null, 0, null, batch.seeds()[b], r, null));
            }
        }
        return rows;
    }
}
