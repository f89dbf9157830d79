package org.uaespark.pipeline;

import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.uaespark.config.ConfigLoader;
import org.uaespark.config.IngestSettings;
import org.uaespark.config.RunSettings;
import org.uaespark.data.FeatureRange;
import org.uaespark.data.FeatureScaler;
import org.uaespark.data.InputValidationException;
import org.uaespark.data.SourceSpec;
import org.uaespark.data.TableSchema;
import org.uaespark.pipeline.executor.Cells;
import org.uaespark.pipeline.store.Fingerprints;
import org.uaespark.pipeline.store.Provenance;
import org.uaespark.pipeline.store.RunLayout;
import org.uaespark.pipeline.store.StageOutput;
import org.uaespark.pipeline.store.TablePublisher;

/**
 * The {@code ingest} stage: reads a dataset's raw files (IDX, CSV or Parquet), scales features into [0, 1]
 * (the scaler fitted on the train split and saved as {@code _scaler.json}), assigns stable sample ids, and
 * publishes the {@code dataset} table at {@code <run>/datasets/<name>/} atomically, validated against
 * {@code data-schemas/dataset.schema.json}, with a provenance sidecar. Output files hold contiguous sample-id
 * ranges, so a re-run over the same inputs writes byte-identical files on any cluster.
 */
public final class IngestStage {
    /** Name of the fitted scaler sidecar in the table folder. */
    public static final String SCALER_FILE = "_scaler.json";
    private static final Logger LOG = LoggerFactory.getLogger(IngestStage.class);

    private final SparkSession spark;
    private final RunSettings run;
    private final IngestSettings settings;
    private final ConfigLoader.Loaded config;
    private final TableSchema schema = TableSchema.load("dataset");

    /**
     * What the stage produced.
     *
     * @param table   the published table folder
     * @param reused  true when an identical table was already published and was kept
     * @param summary per-split facts of the table
     */
    public record Result(Path table, boolean reused, DatasetSummary summary) {
    }

    /**
     * @param context  the job's Spark session and its hold on the run
     * @param settings what to ingest
     * @param config   the full configuration, recorded in provenance
     */
    public IngestStage(RunContext context, IngestSettings settings, ConfigLoader.Loaded config) {
        this.spark = context.spark();
        this.run = context.run();
        this.settings = settings;
        this.config = config;
    }

    /** Runs the stage: validate inputs, build, validate output, publish. Nothing is published on failure. */
    public Result run() {
        SourceSpec source = settings.source();
        RunLayout layout = RunLayout.of(run);
        TablePublisher publisher = new TablePublisher(spark.sparkContext().hadoopConfiguration());
        Path target = layout.dataset(source.name());
        spark.sparkContext().setJobGroup("ingest", "ingest " + source.name() + " into run " + run.runId(), false);

        List<TablePublisher.FileDigest> inputs = SourceFrames.inputFiles(spark, source).stream()
                .map(publisher::digest).toList();
        Map<String, Object> fingerprinted = fingerprintedConfig();
        String fingerprint = fingerprint(fingerprinted, inputs);
        StructType tableSchema = TableValidator.structType(schema);
        return new StageOutput(publisher, target, settings.onExisting(), fingerprint).keepOrBuild(layout,
                "datasets-" + source.name(),
                () -> new Result(target, true, DatasetSummary.of(spark.read().schema(tableSchema).parquet(target.toString()))),
                staged -> {
                    Dataset<Row> raw = SourceFrames.read(spark, source, tableSchema, run.seed(), settings.limitTrain(),
                            settings.limitTest());
                    Map<String, Object> scalerFacts = new LinkedHashMap<>();
                    FeatureScaler scaler = fitScaler(raw, source, scalerFacts);
                    Dataset<Row> scaled = raw.map(scaleRow(scaler), Encoders.row(tableSchema));
                    Dataset<Row> arranged = ContiguousLayout.arrange(scaled.filter(col("split").equalTo("train")), "sample_id",
                                    settings.rowsPerFile())
                            .union(ContiguousLayout.arrange(scaled.filter(col("split").equalTo("test")), "sample_id",
                                    settings.rowsPerFile()));
                    spark.sparkContext().setJobDescription("ingest " + source.name() + ": write " + staged);
                    arranged.write().mode(SaveMode.ErrorIfExists).option("compression", "zstd").parquet(staged.toString());
                    publisher.finaliseDataFiles(staged);

                    Dataset<Row> written = spark.read().schema(tableSchema).parquet(staged.toString());
                    spark.sparkContext().setJobDescription("ingest " + source.name() + ": validate");
                    TableValidator.validate(written, schema, "ingested table " + source.name() + " (from "
                            + source.trainFeatures() + ")");
                    DatasetSummary summary = DatasetSummary.of(written);
                    if (!summary.splits().containsKey("train")) {
                        throw new InputValidationException(source.trainFeatures() + ": the train split is empty");
                    }
                    if (scaler.method() == FeatureScaler.Method.MINMAX) {
                        publisher.writeJson(new Path(staged, SCALER_FILE), scaler);
                    }
                    Provenance provenance = Provenance.of("ingest", "table", run.runId(), fingerprint)
                            .schema(schema)
                            .config(fingerprinted, config.sources())
                            .inputs(inputs)
                            .outputs(publisher.digestDataFiles(staged))
                            .put("dataset", source.name())
                            .put("scaling", scalerFacts)
                            .put("summary", summary.splits())
                            .runtime(spark);
                    LOG.info("ingest of {} built; publishing at {}", source.name(), target);
                    return new StageOutput.Built<>(new Result(target, false, summary), provenance);
                });
    }

    private FeatureScaler fitScaler(Dataset<Row> raw, SourceSpec source, Map<String, Object> facts) {
        facts.put("method", source.scaling().configName());
        if (source.scaling() != FeatureScaler.Method.MINMAX) {
            return FeatureScaler.fit(source.scaling(), new FeatureRange());
        }
        spark.sparkContext().setJobDescription("ingest " + source.name() + ": fit min-max scaler on train");
        FeatureRange train = range(raw, "train");
        if (train.rows() == 0) {
            throw new InputValidationException(source.trainFeatures() + ": the train split is empty");
        }
        FeatureRange test = range(raw, "test");
        facts.put("file", SCALER_FILE);
        facts.put("fittedOnRows", train.rows());
        facts.put("testFeaturesOutsideTrainRange", train.featuresOutside(test));
        FeatureScaler scaler = FeatureScaler.fit(FeatureScaler.Method.MINMAX, train);
        List<Integer> constant = scaler.constantFeatures();
        facts.put("constantFeatures", constant);
        if (!constant.isEmpty()) {
            LOG.warn("ingest {}: {} feature(s) are constant on the train split and are scaled to 0 in every split "
                    + "(feature indices {}); min-max scaling has no range to map them with", source.name(),
                    constant.size(), constant);
        }
        return scaler;
    }

    private static FeatureRange range(Dataset<Row> raw, String split) {
        int features = raw.schema().fieldIndex("features");
        return raw.filter(col("split").equalTo(split)).javaRDD()
                .map(r -> Cells.floats(r.get(features)))
                .treeAggregate(new FeatureRange(), FeatureRange::add, FeatureRange::merge);
    }

    private static MapFunction<Row, Row> scaleRow(FeatureScaler scaler) {
        return r -> {
            Object[] cells = new Object[r.size()];
            for (int i = 0; i < cells.length; i++) {
                cells[i] = r.get(i);
            }
            int features = r.fieldIndex("features");
            cells[features] = scaler.apply(Cells.floats(r.get(features)));
            return RowFactory.create(cells);
        };
    }

    /** The settings that determine the table's content (not the on-existing policy), as sorted plain values. */
    private Map<String, Object> fingerprintedConfig() {
        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, Object> ingest = new LinkedHashMap<>(config.config().getConfig("uae.ingest").root().unwrapped());
        ingest.remove("on-existing");
        out.put("ingest", ingest);
        out.put("dataset", config.config().getConfig("uae.datasets").root().toConfig()
                .getConfig("\"" + settings.source().name() + "\"").root().unwrapped());
        out.put("seed", run.seed());
        return out;
    }

    private static String fingerprint(Map<String, Object> fingerprinted, List<TablePublisher.FileDigest> inputs) {
        List<String> digests = new ArrayList<>();
        for (TablePublisher.FileDigest d : inputs) {
            digests.add(d.sha256());
        }
        return Fingerprints.of(Map.of("config", fingerprinted, "inputs", digests));
    }
}
