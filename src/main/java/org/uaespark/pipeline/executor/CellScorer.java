package org.uaespark.pipeline.executor;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import org.apache.spark.api.java.function.PairFlatMapFunction;

import scala.Tuple2;

import org.uaespark.models.FloatMatrix;
import org.uaespark.models.Reconstruction;

/**
 * Distributed scoring: for one partition of test rows, the summed squared reconstruction error and the row count
 * under every model of the grid (each borrowed from the executor's {@link ExecutorModels} pool), keyed by the
 * model's folder. Summed across partitions with {@code reduceByKey}, they give each model's per-pixel MSE.
 *
 * @param models        where each model comes from
 * @param evalBatchSize rows per forward pass
 * @param device        device of tasks without a Spark-assigned GPU
 */
public record CellScorer(List<ExecutorModels.Source> models, int evalBatchSize, String device)
        implements PairFlatMapFunction<Iterator<float[]>, String, double[]> {

    @Override
    public Iterator<Tuple2<String, double[]>> call(Iterator<float[]> rows) {
        List<float[]> list = new ArrayList<>();
        rows.forEachRemaining(list::add);
        List<Tuple2<String, double[]>> out = new ArrayList<>();
        if (list.isEmpty()) {
            return out.iterator();
        }
        int cols = list.get(0).length;
        float[] data = new float[list.size() * cols];
        for (int i = 0; i < list.size(); i++) {
            System.arraycopy(list.get(i), 0, data, i * cols, cols);
        }
        FloatMatrix test = new FloatMatrix(list.size(), cols, data);
        for (ExecutorModels.Source source : models) {
            try (ExecutorModels.Lease lease = ExecutorModels.borrow(source, TaskDevices.current(device))) {
                double sum = 0;
                for (double e : Reconstruction.perSampleSquaredError(lease.model(), test, evalBatchSize)) {
                    sum += e;
                }
                out.add(new Tuple2<>(source.dir(), new double[] {sum, list.size(), (double) list.size() * cols}));
            }
        }
        return out.iterator();
    }
}
