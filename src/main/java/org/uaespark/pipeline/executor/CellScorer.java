package org.uaespark.pipeline.executor;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import org.apache.spark.api.java.function.PairFlatMapFunction;

import scala.Tuple2;

import org.uaespark.models.FloatMatrix;
import org.uaespark.models.LossSums;

/**
 * Distributed scoring: for one partition of test rows, every grid model's {@link LossSums evaluation-loss sums}
 * and the row count (each model borrowed from the executor's {@link ExecutorModels} pool), keyed by the model's
 * folder: {sum, rows, weight}. Summed across partitions with {@code reduceByKey}, they give each model's test loss
 * (the per-pixel MSE of an autoencoder). A model whose loss depends on the batch (contrastive) gets partitions
 * of whole evaluation blocks.
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
                LossSums sums = lease.model().lossSums(test, evalBatchSize);
                out.add(new Tuple2<>(source.dir(), new double[] {sums.sum(), list.size(), sums.weight()}));
            }
        }
        return out.iterator();
    }
}
