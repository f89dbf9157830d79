package org.uaespark.pipeline.executor;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

import ai.djl.Device;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

import org.uaespark.attack.Augmentation;
import org.uaespark.attack.AugmentedSample;
import org.uaespark.attack.SampleBatch;
import org.uaespark.data.Seeds;

/**
 * What an executor does to a list of training samples: augments them with {@code augmentation} (a MinMax attack or
 * Gaussian noise) in consecutive batches of {@code batchSize} under the borrowed model, and returns rows of the
 * {@code augmented} table in input order. Each sample's draws are seeded by (run seed, sample id) and the batches
 * are cut from the given order, so the same list gives the same rows anywhere.
 *
 * @param model        where the attacked model comes from
 * @param modelName    the model's name in the run (the {@code model} column)
 * @param augmentation how the rows are made
 * @param runSeed      the run's root seed
 * @param batchSize    samples augmented together
 */
public record SampleAttacker(ExecutorModels.Source model, String modelName, Augmentation augmentation, long runSeed,
        int batchSize) implements Serializable {
    private static final long SHARED_SALT = 0xC0330L;

    /**
     * An augmented row and where its sample is in the attacked list.
     *
     * @param origin the sample's position in the list given to {@link #attackWithOrigins}
     * @param row    the row, in the {@code augmented} table's schema order
     */
    public record Made(int origin, Row row) {
    }

    /** Augmented rows (schema order of {@code data-schemas/augmented.schema.json}) for {@code samples}, on {@code device}. */
    public List<Row> attack(List<InputSample> samples, Device device) {
        return attack(samples, device, batch -> { });
    }

    /** {@link #attack(List, Device)}, telling {@code batchDone} the samples of each batch as it is done. */
    public List<Row> attack(List<InputSample> samples, Device device, IntConsumer batchDone) {
        List<Row> rows = new ArrayList<>();
        for (Made made : attackWithOrigins(samples, device, batchDone)) {
            rows.add(made.row());
        }
        return rows;
    }

    /** {@link #attack}'s rows, each with the position of the sample it was made from. */
    public List<Made> attackWithOrigins(List<InputSample> samples, Device device) {
        return attackWithOrigins(samples, device, batch -> { });
    }

    private List<Made> attackWithOrigins(List<InputSample> samples, Device device, IntConsumer batchDone) {
        List<Made> rows = new ArrayList<>();
        try (ExecutorModels.Lease lease = ExecutorModels.borrow(model, device)) {
            for (int from = 0; from < samples.size(); from += batchSize) {
                List<InputSample> batch = samples.subList(from, Math.min(samples.size(), from + batchSize));
                for (AugmentedSample made : augmentation.augment(lease.criterion(), batch(batch, runSeed))) {
                    rows.add(new Made(from + made.origin(), row(batch.get(made.origin()), made)));
                }
                batchDone.accept(batch.size());
            }
        }
        return rows;
    }

    /** The seed of every draw made for sample {@code sampleId}. */
    public long sampleSeed(String sampleId) {
        return sampleSeed(runSeed, sampleId);
    }

    private static long sampleSeed(long runSeed, String sampleId) {
        return Seeds.mix(runSeed, Seeds.key(sampleId));
    }

    /** The batch of {@code samples} with the seeds the attack stage gives them in a run of seed {@code runSeed}. */
    public static SampleBatch batch(List<InputSample> samples, long runSeed) {
        String[] ids = new String[samples.size()];
        float[][] x = new float[samples.size()][];
        long[] seeds = new long[samples.size()];
        for (int b = 0; b < x.length; b++) {
            ids[b] = samples.get(b).sampleId();
            x[b] = samples.get(b).features();
            seeds[b] = sampleSeed(runSeed, ids[b]);
        }
        return new SampleBatch(ids, x, samples.get(0).shape(), seeds, Seeds.mix(runSeed, SHARED_SALT));
    }

    private Row row(InputSample s, AugmentedSample made) {
        float[] features = made.features();
        double l2 = 0;
        double linf = 0;
        for (int j = 0; j < features.length; j++) {
            double delta = (double) features[j] - s.features()[j];
            l2 += delta * delta;
            linf = Math.max(linf, Math.abs(delta));
        }
        return RowFactory.create(made.id(), s.sampleId(), "train", features, s.shape(), s.label(),
                augmentation.method(), made.profile(), modelName, made.success(), made.criterionMet(),
                made.lossBefore(), made.lossAfter(), made.mi(), made.finalC(), made.iterations(),
                made.firstSuccessIteration(), Math.sqrt(l2), linf, made.seed(), made.repeat(), made.projections());
    }
}
