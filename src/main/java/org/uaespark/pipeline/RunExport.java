package org.uaespark.pipeline;

import static org.apache.spark.sql.functions.col;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import org.uaespark.data.FeatureScaler;
import org.uaespark.pipeline.executor.Cells;
import org.uaespark.pipeline.store.Json;
import org.uaespark.pipeline.store.RunLayout;
import org.uaespark.pipeline.store.TablePublisher;

/**
 * What {@code uae export} reads out of a run, through Hadoop's file systems (so for any runs root): each UAE of an
 * augmented table next to its original in the source's units, and the run's metrics files in one JSON document.
 * Nothing is written.
 */
public final class RunExport {
    /** The folder of augmented tables, under the run. */
    private static final String AUGMENTED = "augmented";
    /** The metrics file of an augmented table and of the evaluation. */
    private static final String ATTACK_METRICS = "_metrics.json";
    private static final String EVALUATION_METRICS = "metrics.json";

    private final RunLayout layout;
    private final TablePublisher publisher;
    private final Configuration hadoop;

    /** Reads the run {@code layout} lays out. */
    public RunExport(RunLayout layout, Configuration hadoop) {
        this.layout = layout;
        this.hadoop = hadoop;
        this.publisher = new TablePublisher(hadoop);
    }

    /**
     * One augmentation row next to the training row it was made from, both in the source's units.
     *
     * @param sampleId       the row's id
     * @param originSampleId the training row's id
     * @param label          the training row's label, or null
     * @param criterionMet   Φ's loss on the row no worse than on the original (the attack succeeded)
     * @param lossBefore     Φ's loss on the original
     * @param lossAfter      Φ's loss on the row
     * @param mi             the MINE estimate at the row, or null (methods without MINE)
     * @param deltaL2        ‖δ‖₂ in the scaled [0, 1] space
     * @param deltaLinf      ‖δ‖∞ in the scaled [0, 1] space
     * @param shape          one sample's shape
     * @param original       the training row's features, in the source's units
     * @param augmented      the row's features, in the source's units
     */
    public record Pair(String sampleId, String originSampleId, Integer label, boolean criterionMet, double lossBefore,
            double lossAfter, Double mi, double deltaL2, double deltaLinf, int[] shape, float[] original,
            float[] augmented) {
    }

    /**
     * The first {@code limit} rows (by origin, then id) of the augmented table {@code model}/{@code table}, each with
     * its original from the dataset table {@code dataset}, mapped back to the source's units ({@code scaling}, with
     * the dataset's {@code _scaler.json} for {@code minmax}).
     *
     * @param metOnly only the rows that met the criterion
     * @throws org.uaespark.data.InputValidationException naming the folder when a table is not published
     */
    public List<Pair> pairs(SparkSession spark, String dataset, FeatureScaler.Method scaling, String model,
            String table, int limit, boolean metOnly) {
        Path augmentedDir = layout.augmented(model, table);
        Path datasetDir = layout.dataset(dataset);
        String run = layout.runDir().getName();
        publisher.requirePublished(augmentedDir, run, "augmented table '" + model + "/" + table + "' (published: "
                + publishedTables() + ")", "uae attack");
        publisher.requirePublished(datasetDir, run, "dataset '" + dataset + "'", "uae ingest");
        FeatureScaler scaler = scaling == FeatureScaler.Method.MINMAX
                ? publisher.readJson(new Path(datasetDir, IngestStage.SCALER_FILE), FeatureScaler.class)
                : new FeatureScaler(scaling, null, null);
        Dataset<Row> rows = spark.read().parquet(augmentedDir.toString());
        if (metOnly) {
            rows = rows.filter(col("criterion_met"));
        }
        Dataset<Row> originals = spark.read().parquet(datasetDir.toString())
                .select(col("sample_id").as("origin_sample_id"), col("features").as("original"));
        List<Pair> out = new ArrayList<>();
        for (Row r : rows.join(originals, "origin_sample_id").orderBy("origin_sample_id", "sample_id").limit(limit)
                .collectAsList()) {
            out.add(new Pair(r.getAs("sample_id"), r.getAs("origin_sample_id"), r.getAs("label"),
                    r.getAs("criterion_met"), r.getAs("loss_before"), r.getAs("loss_after"), r.getAs("mi"),
                    r.getAs("delta_l2"), r.getAs("delta_linf"), Cells.ints(r.getAs("shape")),
                    scaler.unscale(Cells.floats(r.getAs("original"))), scaler.unscale(Cells.floats(r.getAs("features")))));
        }
        return out;
    }

    /** The published augmented tables, as {@code model/table}. */
    public List<String> publishedTables() {
        Path root = new Path(layout.runDir(), AUGMENTED);
        List<String> tables = new ArrayList<>();
        try {
            FileSystem fs = root.getFileSystem(hadoop);
            if (fs.exists(root)) {
                for (var model : fs.listStatus(root)) {
                    for (String table : publisher.publishedChildren(model.getPath())) {
                        tables.add(model.getPath().getName() + "/" + table);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root, e);
        }
        tables.sort(null);
        return tables;
    }

    /**
     * The run's metrics as one JSON document: {@code evaluation} (the evaluate stage's {@code metrics.json}, or null
     * before it ran) and {@code attacks}, each published augmented table's {@code _metrics.json} by
     * {@code model/table}.
     */
    public JsonNode metrics() {
        ObjectNode out = Json.mapper().createObjectNode();
        out.set("evaluation", readIfPresent(new Path(layout.evaluation(), EVALUATION_METRICS)));
        ObjectNode attacks = out.putObject("attacks");
        for (String table : publishedTables()) {
            attacks.set(table, readIfPresent(new Path(new Path(layout.runDir(), AUGMENTED), table + "/" + ATTACK_METRICS)));
        }
        return out;
    }

    private JsonNode readIfPresent(Path file) {
        try {
            FileSystem fs = file.getFileSystem(hadoop);
            if (!fs.exists(file)) {
                return null;
            }
            try (InputStream in = fs.open(file)) {
                return Json.mapper().readTree(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
