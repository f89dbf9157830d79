package org.uaespark.pipeline.executor;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

import org.uaespark.models.Autograd;
import org.uaespark.models.contrastive.SimClr;

/**
 * Linear evaluation's feature extraction as a Spark task: rows (sample_id, split, label, features) in, rows
 * (sample_id, split, label, representation) out, the representation being the frozen contrastive encoder's pooled
 * features in inference mode (each row's independent of its batch), as an MLlib vector.
 *
 * @param model     the encoder's cell
 * @param batchSize rows per forward pass
 * @param device    device of tasks without a Spark-assigned GPU
 */
public record RepresentationExtractor(ExecutorModels.Source model, int batchSize, String device)
        implements FlatMapFunction<Iterator<Row>, Row> {

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
        List<Row> out = new ArrayList<>();
        List<Row> batch = new ArrayList<>(batchSize);
        try (ExecutorModels.Lease lease = ExecutorModels.borrow(model, TaskDevices.current(device))) {
            SimClr encoder = (SimClr) lease.model();
            while (rows.hasNext()) {
                batch.add(rows.next());
                if (batch.size() == batchSize || !rows.hasNext()) {
                    represent(encoder, batch, out);
                    batch.clear();
                }
            }
        }
        return out.iterator();
    }

    private static void represent(SimClr encoder, List<Row> batch, List<Row> out) {
        int cols = Cells.floats(batch.get(0).get(3)).length;
        float[] data = new float[batch.size() * cols];
        for (int i = 0; i < batch.size(); i++) {
            System.arraycopy(Cells.floats(batch.get(i).get(3)), 0, data, i * cols, cols);
        }
        Autograd.noGrad();
        try (NDManager scope = encoder.manager().newSubManager()) {
            scope.tempAttachAll(encoder.parameters().all().toArray(new NDArray[0]));
            NDArray features = encoder.represent(scope.create(data, new Shape(batch.size(), cols)));
            int width = Math.toIntExact(features.getShape().get(1));
            float[] values = features.toFloatArray();
            for (int i = 0; i < batch.size(); i++) {
                double[] vector = new double[width];
                for (int k = 0; k < width; k++) {
                    vector[k] = values[i * width + k];
                }
                Row r = batch.get(i);
                out.add(RowFactory.create(r.get(0), r.get(1), r.get(2), Vectors.dense(vector)));
            }
        }
    }
}
