package org.uaespark.pipeline;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

import ai.djl.Device;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

import org.uaespark.attack.AttackSettings;
import org.uaespark.attack.GaussianAugmentation;
import org.uaespark.attack.MinMaxAttack;
import org.uaespark.attack.SampleOutcome;
import org.uaespark.config.AttackStageSettings;
import org.uaespark.config.AugmentationMethod;
import org.uaespark.data.Seeds;
import org.uaespark.models.Autoencoder;
import org.uaespark.models.FloatMatrix;
import org.uaespark.models.Reconstruction;

/**
 * What an executor does to a list of training samples: attacks them with the MinMax attack (MINE-UAE or L2-UAE)
 * in consecutive batches of {@code batchSize}, or draws their Gaussian copies, under the borrowed model, and
 * returns rows of the {@code augmented} table in input order. Each sample's draws are seeded by (run seed,
 * sample id) and the batches are cut from the given order, so the same list gives the same rows anywhere.
 *
 * @param model     where the attacked model comes from
 * @param modelName the model's name in the run (the {@code model} column)
 * @param method    mine, l2 or gaussian
 * @param profile   the attack profile's name (the {@code profile} column of MinMax rows)
 * @param settings  MinMax hyperparameters; null for Gaussian augmentation
 * @param sigma     Gaussian augmentation noise
 * @param repeats   Gaussian augmentation repeats
 * @param runSeed   the run's root seed
 * @param batchSize samples attacked together
 */
public record SampleAttacker(ExecutorModels.Source model, String modelName, AugmentationMethod method,
        String profile, AttackSettings settings, double sigma, int repeats, long runSeed, int batchSize)
        implements Serializable {
    private static final long SHARED_SALT = 0xC0330L;

    /** Augmented rows (schema order of {@code data-schemas/augmented.schema.json}) for {@code samples}, on {@code device}. */
    public List<Row> attack(List<InputSample> samples, Device device) {
        List<Row> rows = new ArrayList<>();
        try (ExecutorModels.Lease lease = ExecutorModels.borrow(model, device)) {
            for (int from = 0; from < samples.size(); from += batchSize) {
                List<InputSample> batch = samples.subList(from, Math.min(samples.size(), from + batchSize));
                if (method == AugmentationMethod.GAUSSIAN) {
                    rows.addAll(gaussian(lease.model(), batch));
                } else {
                    rows.addAll(minMax(lease.model(), batch));
                }
            }
        }
        return rows;
    }

    /** The seed of every draw made for sample {@code sampleId}. */
    public long sampleSeed(String sampleId) {
        return Seeds.mix(runSeed, Seeds.key(sampleId));
    }

    private List<Row> minMax(Autoencoder target, List<InputSample> batch) {
        float[][] x = new float[batch.size()][];
        long[] seeds = new long[batch.size()];
        for (int b = 0; b < x.length; b++) {
            x[b] = batch.get(b).features();
            seeds[b] = sampleSeed(batch.get(b).sampleId());
        }
        List<SampleOutcome> outcomes = new MinMaxAttack(settings).attack(target, x, batch.get(0).shape(), seeds,
                Seeds.mix(runSeed, SHARED_SALT));
        String projections = method != AugmentationMethod.MINE || settings.convolutionalMine(target.config()) ? null
                : settings.projections().configName();
        List<Row> rows = new ArrayList<>(x.length);
        for (int b = 0; b < x.length; b++) {
            SampleOutcome o = outcomes.get(b);
            InputSample s = batch.get(b);
            rows.add(row(s, s.sampleId() + "~" + method.configName(), o.features(), profile, o.success(),
                    o.criterionMet(), o.lossBefore(), o.lossAfter(), Double.isNaN(o.mi()) ? null : o.mi(), o.finalC(),
                    o.iterations(), o.firstSuccessIteration() < 0 ? null : o.firstSuccessIteration(), seeds[b], 0,
                    projections));
        }
        return rows;
    }

    private List<Row> gaussian(Autoencoder target, List<InputSample> batch) {
        GaussianAugmentation noise = new GaussianAugmentation(sigma);
        int d = batch.get(0).features().length;
        List<Row> rows = new ArrayList<>();
        for (int r = 0; r < repeats; r++) {
            float[] originals = new float[batch.size() * d];
            float[] copies = new float[batch.size() * d];
            for (int b = 0; b < batch.size(); b++) {
                System.arraycopy(batch.get(b).features(), 0, originals, b * d, d);
                System.arraycopy(noise.augment(batch.get(b).features(), sampleSeed(batch.get(b).sampleId()), r), 0,
                        copies, b * d, d);
            }
            FloatMatrix x = new FloatMatrix(batch.size(), d, originals);
            double[] before = Reconstruction.perSampleSquaredError(target, x, batch.size());
            double[] after = Reconstruction.perSampleSquaredError(target, x,
                    new FloatMatrix(batch.size(), d, copies), batch.size());
            for (int b = 0; b < batch.size(); b++) {
                InputSample s = batch.get(b);
                float[] copy = new float[d];
                System.arraycopy(copies, b * d, copy, 0, d);
                boolean met = after[b] <= before[b];
                rows.add(row(s, s.sampleId() + "~gaussian~r" + r, copy,
                        "sigma-" + AttackStageSettings.sigmaLabel(sigma), met, met, before[b],
                        after[b], null, null, 0, null, sampleSeed(s.sampleId()), r, null));
            }
        }
        return rows;
    }

    private Row row(InputSample s, String id, float[] features, String profileName, boolean success, boolean met,
            double before, double after, Double mi, Double finalC, int iterations, Integer firstSuccess, long seed,
            int repeat, String projections) {
        double l2 = 0;
        double linf = 0;
        for (int j = 0; j < features.length; j++) {
            double delta = (double) features[j] - s.features()[j];
            l2 += delta * delta;
            linf = Math.max(linf, Math.abs(delta));
        }
        return RowFactory.create(id, s.sampleId(), "train", features, s.shape(), s.label(), method.configName(),
                profileName, modelName, success, met, before, after, mi, finalC, iterations, firstSuccess,
                Math.sqrt(l2), linf, seed, repeat, projections);
    }
}
