package org.uaespark.attack;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.uaespark.data.Seeds;
import org.uaespark.mine.RandomProjections;
import org.uaespark.models.ModelFootprint;
import org.uaespark.models.UnsupervisedCriterion;

/**
 * The MinMax attacks as an augmentation: MINE-UAE or L2-UAE ({@link AttackSettings#method()}) with the
 * hyperparameters of one attack profile, named {@code <method>-<profile>}; {@code repeats} independently seeded
 * attacks per sample. Repeat 0 draws from the sample's seed (the single-repeat table, row id
 * {@code <id>~<method>}); repeat r > 0 from the seeds mixed with r (row id {@code <id>~<method>~r<r>}). A grid arm
 * of a repeated table trains one cell per repeat.
 *
 * @param profile  the attack profile's name ({@code uae.attack-profiles.<profile>})
 * @param settings its hyperparameters
 * @param repeats  seeded attacks per sample
 * @param metOnly  a retrain arm appends only the rows that met the criterion (the profile's {@code append =
 *                 criterion-met}); not part of the attack or its fingerprint, which make every row either way
 */
public record MinMaxAugmentation(String profile, AttackSettings settings, int repeats, boolean metOnly)
        implements Augmentation {
    private static final long MIB = 1L << 20;
    private static final long REPEAT_SALT = 0x5EEDA77AC4L;

    public MinMaxAugmentation {
        if (profile == null || profile.isBlank() || settings == null) {
            throw new IllegalArgumentException("a MinMax augmentation needs a profile name and its settings");
        }
        if (repeats < 1) {
            throw new IllegalArgumentException("repeats must be at least 1, got " + repeats);
        }
    }

    /** One attack per sample. */
    public MinMaxAugmentation(String profile, AttackSettings settings) {
        this(profile, settings, 1);
    }

    /** {@code repeats} attacks per sample with the profile's settings, every row appended. */
    public MinMaxAugmentation(String profile, AttackSettings settings, int repeats) {
        this(profile, settings, repeats, false);
    }

    @Override
    public boolean appendsOnlyCriterionMet() {
        return metOnly;
    }

    @Override
    public String method() {
        return settings.method().configName();
    }

    @Override
    public String outputName() {
        return method() + "-" + profile;
    }

    /** The paper's table has one row per MinMax method, whatever the profile. */
    @Override
    public String paperKey() {
        return method();
    }

    @Override
    public int rowsPerSample() {
        return repeats;
    }

    @Override
    public boolean cellPerRepeat() {
        return repeats > 1;
    }

    @Override
    public Map<String, Object> fingerprintFields(int[] sampleShape) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("method", method());
        out.put("profile", profile);
        out.put("attack", settings);
        double scale = settings.criterionScale(sampleShape);
        if (scale != 1) {
            out.put("criterionScale", scale); // flat samples only: images keep the fingerprints they had
        }
        if (settings.referencesFlatSamples(sampleShape) && Double.isNaN(settings.initBound())) {
            out.put("initBound", settings.initBound(sampleShape)); // the reference's Glorot bound, flat samples only
        }
        if (repeats > 1) {
            out.put("repeats", repeats); // single-repeat tables keep the fingerprints they had
        }
        return out;
    }

    @Override
    public List<AugmentedSample> augment(UnsupervisedCriterion target, SampleBatch batch) {
        String projections = settings.method() != AttackMethod.MINE || settings.mineFeatures(target).isPresent() ? null
                : settings.projections().configName();
        List<AugmentedSample> rows = new ArrayList<>(batch.size() * repeats);
        for (int r = 0; r < repeats; r++) {
            long[] seeds = batch.seeds().clone();
            long sharedSeed = batch.sharedSeed();
            if (r > 0) {
                for (int b = 0; b < seeds.length; b++) {
                    seeds[b] = Seeds.mix(seeds[b], REPEAT_SALT, r);
                }
                sharedSeed = Seeds.mix(sharedSeed, REPEAT_SALT, r);
            }
            List<SampleOutcome> outcomes = new MinMaxAttack(settings).attack(target, batch.features(), batch.shape(),
                    seeds, sharedSeed);
            String suffix = r == 0 ? "" : "~r" + r;
            for (int b = 0; b < batch.size(); b++) {
                SampleOutcome o = outcomes.get(b);
                rows.add(new AugmentedSample(b, batch.ids()[b] + "~" + method() + suffix, o.features(), profile,
                        o.success(), o.criterionMet(), o.lossBefore(), o.lossAfter(),
                        Double.isNaN(o.mi()) ? null : o.mi(), o.finalC(), o.iterations(),
                        o.firstSuccessIteration() < 0 ? null : o.firstSuccessIteration(), batch.seeds()[b], r,
                        projections));
            }
        }
        return rows;
    }

    @Override
    public void requireBatchFits(ModelFootprint model, int batchSize) {
        int fits = largestBatch(model);
        if (batchSize > fits) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "%d is too large for the %s projections of "
                    + "%d-value samples with k %d and p %d: a batch's matrices are one array of %,d values, more than "
                    + "Java arrays hold; use at most %d", batchSize, settings.projections().configName(),
                    model.inputSize(), settings.k(), settings.p(),
                    (long) batchSize * model.inputSize() * settings.k() * settings.p(), fits));
        }
    }

    @Override
    public BatchChoice batchWithin(ModelFootprint model, long budgetBytes, int cap) {
        int chosen = Math.min(largestBatch(model), AttackMemory.batchSize(settings, model, budgetBytes, cap));
        return new BatchChoice(chosen, String.format(Locale.ROOT, "%.1f MiB per sample (%,d statistics-network "
                + "parameters), %.1f MiB shared, within a %d MiB budget per task, capped at %d",
                AttackMemory.bytesPerSample(settings, model) / (double) MIB,
                AttackMemory.parametersPerSample(settings, model),
                AttackMemory.sharedBytes(settings, model) / (double) MIB, budgetBytes / MIB, cap));
    }

    /** The most samples one batch's projection matrices can hold in a Java array. */
    private int largestBatch(ModelFootprint model) {
        return settings.mineFeatureMaps(model).isPresent() ? Integer.MAX_VALUE
                : RandomProjections.maxBatch(model.inputSize(), settings.k(), settings.p(), settings.projections());
    }
}
