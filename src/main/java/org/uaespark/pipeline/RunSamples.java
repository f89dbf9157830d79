package org.uaespark.pipeline;

import static org.apache.spark.sql.functions.col;

import java.util.List;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import org.uaespark.config.RunSettings;
import org.uaespark.data.InputValidationException;
import org.uaespark.models.ModelConfig;
import org.uaespark.models.Torch;
import org.uaespark.models.UnsupervisedModel;
import org.uaespark.pipeline.executor.Cells;
import org.uaespark.pipeline.store.ModelStore;
import org.uaespark.pipeline.store.RunLayout;
import org.uaespark.pipeline.store.TablePublisher;

/**
 * A run's trained model and its first training samples, read on the driver: what {@code uae bench-attack
 * --from-run} attacks instead of a fresh model on uniform noise, so that a benchmark sees the inputs and the model
 * an attack stage sees. Takes no lock on the run (it only reads published outputs).
 */
public final class RunSamples {
    private RunSamples() {
    }

    /**
     * The configuration of the model published as {@code model} in {@code run}.
     *
     * @throws InputValidationException naming the folder when the run has no such published model
     */
    public static ModelConfig trainedConfig(RunSettings run, String model) {
        Configuration hadoop = new Configuration();
        Path dir = RunLayout.of(run).model(model);
        new TablePublisher(hadoop).requirePublished(dir, run.runId(), "model '" + model + "'",
                "uae train --model " + model);
        return new ModelStore(hadoop).readConfig(dir);
    }

    /** The model published as {@code model} in {@code run} ({@link #trainedConfig} checked it), on the CPU. */
    public static UnsupervisedModel trainedModel(RunSettings run, String model) {
        return new ModelStore(new Configuration()).load(RunLayout.of(run).model(model), Torch.device("cpu"));
    }

    /**
     * The features of the first {@code count} training samples (by sample id) of {@code run}'s dataset table
     * {@code dataset}.
     *
     * @throws InputValidationException naming the table when it is not published or holds fewer training samples
     */
    public static float[][] firstTrainSamples(RunSettings run, String dataset, int count) {
        Path table = RunLayout.of(run).dataset(dataset);
        SparkSession spark = SparkSessions.getOrCreate(run, "bench-attack");
        new TablePublisher(spark.sparkContext().hadoopConfiguration()).requirePublished(table, run.runId(),
                "dataset '" + dataset + "'", "uae ingest");
        List<Row> rows = spark.read().parquet(table.toString()).filter(col("split").equalTo("train"))
                .orderBy("sample_id").limit(count).select("features").collectAsList();
        if (rows.size() < count) {
            throw new InputValidationException(table + ": " + rows.size() + " training samples, fewer than the "
                    + count + " asked for");
        }
        return rows.stream().map(r -> Cells.floats(r.get(0))).toArray(float[][]::new);
    }
}
