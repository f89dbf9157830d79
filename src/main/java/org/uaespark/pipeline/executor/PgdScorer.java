package org.uaespark.pipeline.executor;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;

import org.uaespark.data.Seeds;
import org.uaespark.models.FloatMatrix;
import org.uaespark.models.contrastive.LinearProbe;
import org.uaespark.models.contrastive.SimClr;

/**
 * The PGD robustness check of one cell as Spark tasks: for a partition of test rows (sample_id, label, features),
 * the frozen encoder with the fitted linear classifier on top is attacked at every ε
 * ({@link LinearProbe#correctUnderAttack}); each row's random start is seeded by (seed, sample id). Returns one
 * array per partition: the clean correct count, then the correct count at each ε.
 *
 * @param model     the encoder's cell
 * @param weights   the classifier's coefficients [classes][features]
 * @param intercept its intercepts
 * @param epsilons  L∞ budgets as fractions of the pixel range
 * @param steps     PGD steps
 * @param stepSize  PGD step size
 * @param batchSize rows attacked together
 * @param seed      the check's seed
 * @param device    device of tasks without a Spark-assigned GPU
 */
public record PgdScorer(ExecutorModels.Source model, float[][] weights, float[] intercept, double[] epsilons,
        int steps, double stepSize, int batchSize, long seed, String device)
        implements FlatMapFunction<Iterator<Row>, long[]> {

    @Override
    public Iterator<long[]> call(Iterator<Row> rows) {
        long[] counts = new long[1 + epsilons.length];
        List<Row> batch = new ArrayList<>(batchSize);
        try (ExecutorModels.Lease lease = ExecutorModels.borrow(model, TaskDevices.current(device))) {
            LinearProbe probe = new LinearProbe((SimClr) lease.model(), weights, intercept);
            while (rows.hasNext()) {
                batch.add(rows.next());
                if (batch.size() == batchSize || !rows.hasNext()) {
                    score(probe, batch, counts);
                    batch.clear();
                }
            }
        }
        return List.of(counts).iterator();
    }

    private void score(LinearProbe probe, List<Row> batch, long[] counts) {
        int cols = Cells.floats(batch.get(0).get(2)).length;
        float[] data = new float[batch.size() * cols];
        int[] labels = new int[batch.size()];
        long[] seeds = new long[batch.size()];
        for (int i = 0; i < batch.size(); i++) {
            Row r = batch.get(i);
            System.arraycopy(Cells.floats(r.get(2)), 0, data, i * cols, cols);
            labels[i] = r.getInt(1);
            seeds[i] = Seeds.mix(seed, Seeds.key(r.getString(0)));
        }
        FloatMatrix x = new FloatMatrix(batch.size(), cols, data);
        for (boolean ok : probe.correct(x, labels)) {
            counts[0] += ok ? 1 : 0;
        }
        boolean[][] attacked = probe.correctUnderAttack(x, labels, epsilons, steps, stepSize, seeds);
        for (int e = 0; e < epsilons.length; e++) {
            for (boolean ok : attacked[e]) {
                counts[1 + e] += ok ? 1 : 0;
            }
        }
    }
}
