package org.uaespark.pipeline;

import static org.apache.spark.sql.functions.col;

import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import scala.Tuple2;

import org.uaespark.attack.Augmentation;
import org.uaespark.config.AttackStageSettings;
import org.uaespark.config.ConfigLoader;
import org.uaespark.config.ConfigurationException;
import org.uaespark.config.RunSettings;
import org.uaespark.data.InputValidationException;
import org.uaespark.data.TableSchema;
import org.uaespark.models.ModelFootprint;
import org.uaespark.models.ModelKind;
import org.uaespark.pipeline.executor.Cells;
import org.uaespark.pipeline.executor.ExecutorModels;
import org.uaespark.pipeline.executor.InputSample;
import org.uaespark.pipeline.executor.SampleAttacker;
import org.uaespark.pipeline.executor.UnitRunner;
import org.uaespark.pipeline.executor.WorkUnits;
import org.uaespark.pipeline.store.Fingerprints;
import org.uaespark.pipeline.store.HadoopConf;
import org.uaespark.pipeline.store.Provenance;
import org.uaespark.pipeline.store.RunLayout;
import org.uaespark.pipeline.store.ShardStore;
import org.uaespark.pipeline.store.StageOutput;
import org.uaespark.pipeline.store.TablePublisher;
import org.uaespark.pipeline.store.UnitManifest;

/**
 * The {@code attack} stage: makes one augmentation row per training sample (per repeat, for Gaussian
 * augmentation) with a trained model of the run, across the cluster, and publishes the {@code augmented} table at
 * {@code <run>/augmented/<model>/<method>-<profile>/} (or {@code gaussian-<σ>}).
 *
 * <p>Inputs are validated before any compute (the dataset table against its schema, the model folder, the model's
 * input shape against the samples'; a user's TorchScript file ({@link AttackedModel.UserModel}) is loaded once on the
 * driver to check it, and its table goes under the name the settings give it). Samples are grouped into work units
 * by a hash of their id; Spark partitions run whole units; executors load the model once per JVM
 * ({@link ExecutorModels}), attack each unit in sample-id order in batches of a size chosen on the driver from the
 * memory budget ({@link Augmentation#batchWithin}), and commit each unit as a shard ({@link ShardStore}) in a work
 * folder keyed by the stage's fingerprint. A retried, speculative or restarted task therefore skips committed
 * units, and a run restarted with the same run id attacks only what is missing. When every unit is committed, the
 * shards are read back, checked (schema, values, nothing lost or duplicated), laid out in contiguous sample-id
 * ranges, summarised into {@code _metrics.json} and published atomically. The published files are the same bytes
 * for any partitioning, executor count or retry history.
 */
public final class AttackStage {
    /** Name of the attack telemetry sidecar in the published table folder. */
    public static final String METRICS_FILE = "_metrics.json";
    private static final Logger LOG = LoggerFactory.getLogger(AttackStage.class);
    private static final long MIB = 1L << 20;

    private final SparkSession spark;
    private final RunSettings run;
    private final AttackStageSettings settings;
    private final ConfigLoader.Loaded config;
    private final TableSchema datasetSchema = TableSchema.load("dataset");
    private final TableSchema augmentedSchema = TableSchema.load("augmented");

    /**
     * What the stage produced.
     *
     * @param table        the published table folder
     * @param reused       true when an identical table was already published and was kept
     * @param samples      training samples attacked
     * @param unitsResumed units found committed by an earlier, interrupted run and not attacked again
     * @param metrics      the table's metrics ({@value #METRICS_FILE})
     */
    public record Result(Path table, boolean reused, long samples, int unitsResumed, AttackMetrics metrics) {
    }

    /**
     * @param context  the job's Spark session and its hold on the run
     * @param settings what to attack, how
     * @param config   the full configuration, recorded in provenance
     */
    public AttackStage(RunContext context, AttackStageSettings settings, ConfigLoader.Loaded config) {
        this.spark = context.spark();
        this.run = context.run();
        this.settings = settings;
        this.config = config;
    }

    /** Runs the stage; nothing is published on failure, and committed units stay for a restart. */
    public Result run() {
        RunLayout layout = RunLayout.of(run);
        TablePublisher publisher = new TablePublisher(spark.sparkContext().hadoopConfiguration());
        HadoopConf hadoop = new HadoopConf(spark.sparkContext().hadoopConfiguration());
        Path datasetDir = layout.dataset(settings.dataset());
        String name = settings.outputName();
        String label = "attack " + settings.model() + "/" + name;
        String jobGroup = "attack-" + run.runId() + "-" + settings.model() + "-" + name;
        spark.sparkContext().setJobGroup(jobGroup, label + " in run " + run.runId(), false);

        publisher.requirePublished(datasetDir, run.runId(), "dataset '" + settings.dataset() + "'", "uae ingest");
        if (settings.userModel() == null) {
            requireModel(publisher, layout, attackedModel(layout, settings));
        } else {
            requireUnclaimedName(publisher, layout);
        }
        Dataset<Row> table = spark.read().schema(TableValidator.structType(datasetSchema)).parquet(datasetDir.toString());
        spark.sparkContext().setJobDescription(label + ": validate " + datasetDir);
        TableValidator.validate(table, datasetSchema, datasetDir.toString());
        Dataset<Row> train = trainSamples(table, datasetDir);
        long samples = train.count();
        if (samples == 0) {
            throw new InputValidationException(datasetDir + ": the train split is empty");
        }
        int[] sampleShape = Cells.ints(train.select("shape").first().get(0));
        AttackedModel model = resolveModel(settings, layout, publisher, hadoop, sampleShape, datasetDir);
        requireApplicable(settings.augmentation(), sampleShape, datasetDir);

        int batchSize = batchSize(model.footprint());
        int units = WorkUnits.count(samples, settings.samplesPerUnit());
        Provenance.Read datasetProvenance = Provenance.read(publisher, datasetDir);
        Map<String, Object> fingerprinted = fingerprinted(datasetProvenance, model, sampleShape, samples, units,
                batchSize);
        String fingerprint = Fingerprints.of(fingerprinted);
        Path target = layout.augmented(settings.model(), name);
        StageOutput output = new StageOutput(publisher, target, settings.onExisting(), fingerprint);
        if (output.kept()) {
            return new Result(target, true, samples, 0,
                    publisher.readJson(new Path(target, METRICS_FILE), AttackMetrics.class));
        }
        publisher.requireWritable(layout);

        Plan plan = new Plan(label, datasetDir, model, target, train, samples, units, batchSize,
                datasetProvenance, fingerprinted, fingerprint);
        Path work = new Path(layout.staging(), workPrefix(settings.model(), name) + fingerprint.substring(0, 16));
        ShardStore shards = new ShardStore(new Path(work, "shards"), hadoop, TableValidator.structType(augmentedSchema));
        Attacked attacked = attackUnits(plan, shards, hadoop);
        Path staged = new Path(work, "table");
        publisher.discard(staged); // a table half-written by a job that died after its last commit
        Result result = output.publish(staged, into -> assemble(into, plan, shards, attacked, publisher));
        publisher.discard(work);
        LOG.info("{}: {} rows published at {}; ASR {}", label, result.metrics().rows(), target, result.metrics().asr());
        return result;
    }

    /**
     * What {@link #run()} resolved before attacking.
     *
     * @param train the training samples to attack
     */
    private record Plan(String label, Path datasetDir, AttackedModel model, Path target,
            Dataset<Row> train, long samples, int units, int batchSize,
            Provenance.Read datasetProvenance, Map<String, Object> fingerprinted, String fingerprint) {
    }

    /**
     * The attack phase's outcome.
     *
     * @param resumed    units committed before this run
     * @param partitions Spark partitions of the attack job (0 when every unit was committed before)
     * @param seconds    wall time of the attack job
     */
    private record Attacked(Set<Integer> resumed, int partitions, double seconds) {
    }

    /** Attacks the units not yet committed in {@code shards}, across the cluster; fails unless all are committed. */
    private Attacked attackUnits(Plan plan, ShardStore shards, HadoopConf hadoop) {
        Set<Integer> resumed = shards.completed();
        if (!resumed.isEmpty()) {
            LOG.info("{}: resuming: {} of {} units already committed in {}", plan.label(), resumed.size(), plan.units(),
                    shards.dir());
        }
        SampleAttacker attacker = new SampleAttacker(plan.model().source(settings.torchThreads(), hadoop),
                settings.model(), settings.augmentation(), run.seed(), plan.batchSize());
        long started = System.nanoTime();
        int partitions = 0;
        if (resumed.size() < plan.units()) {
            partitions = attackMissingUnits(plan.train(), attacker, shards, plan.units(), resumed, plan.label());
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        TreeSet<Integer> committed = shards.completed();
        if (committed.size() != plan.units()) {
            throw new IllegalStateException(plan.label() + ": " + (plan.units() - committed.size()) + " of "
                    + plan.units() + " units were not committed although the job succeeded");
        }
        return new Attacked(resumed, partitions, seconds);
    }

    /**
     * Reads the committed units back, checks them (schema, values, nothing lost or duplicated), lays them out in
     * contiguous sample-id ranges in {@code staged} and summarises them into {@value #METRICS_FILE}.
     */
    private StageOutput.Built<Result> assemble(Path staged, Plan plan, ShardStore shards, Attacked attacked,
            TablePublisher publisher) {
        StructType schema = TableValidator.structType(augmentedSchema);
        Dataset<Row> written = spark.read().schema(schema).parquet(shards.dataFiles().toArray(new String[0]));
        spark.sparkContext().setJobDescription(plan.label() + ": check the committed units");
        TableValidator.validate(written, augmentedSchema, "attack output of " + plan.label());
        requireComplete(plan.train(), written, plan.samples());
        spark.sparkContext().setJobDescription(plan.label() + ": write " + staged);
        ContiguousLayout.arrange(written, "sample_id", settings.rowsPerFile()).write().mode(SaveMode.ErrorIfExists)
                .option("compression", "zstd").parquet(staged.toString());
        publisher.finaliseDataFiles(staged);
        Dataset<Row> table = spark.read().schema(schema).parquet(staged.toString());
        spark.sparkContext().setJobDescription(plan.label() + ": metrics");
        List<UnitManifest> manifests = shards.manifests();
        long attackedSamples = plan.samples() - resumedSamples(manifests, attacked.resumed());
        AttackMetrics metrics = AttackMetrics.of(table, manifests, attacked.seconds(),
                attackedSamples / Math.max(attacked.seconds(), 1e-9), attacked.resumed().size());
        publisher.writeJson(new Path(staged, METRICS_FILE), metrics);
        Provenance provenance = Provenance.of("attack", "table", run.runId(), plan.fingerprint())
                .schema(augmentedSchema)
                .config(plan.fingerprinted(), config.sources())
                .put("dataset", Map.of("path", plan.datasetDir().toString(), "fingerprint",
                        plan.datasetProvenance().fingerprint()))
                .put("model", plan.model().describe())
                .outputs(publisher.digestDataFiles(staged))
                .put("partitions", attacked.partitions())
                .put("units", plan.units())
                .runtime(spark);
        return new StageOutput.Built<>(new Result(plan.target(), false, plan.samples(), attacked.resumed().size(),
                metrics), provenance);
    }

    /**
     * The name of an unfinished attack's work folder under the run's staging folder, before the stage's fingerprint:
     * it holds the committed units ({@code shards/unit-NNNNNN.json} and their rows).
     */
    public static String workPrefix(String model, String table) {
        return "attack-" + model + "-" + table + "-";
    }

    /**
     * The model {@code settings} attack, checked against the samples' shape: the run's ({@link #attackedModel}) or
     * a user's TorchScript file.
     */
    static AttackedModel resolveModel(AttackStageSettings settings, RunLayout layout, TablePublisher publisher,
            HadoopConf hadoop, int[] sampleShape, Path datasetDir) {
        return settings.userModel() == null
                ? AttackedModel.RunModel.of(attackedModel(layout, settings), publisher, hadoop, sampleShape, datasetDir)
                : AttackedModel.UserModel.of(settings.userModel(), sampleShape, datasetDir.toString(), hadoop);
    }

    /** The model folder {@code settings} attack: the trained model, or a stacked table's base arm's first cell. */
    static Path attackedModel(RunLayout layout, AttackStageSettings settings) {
        return settings.stackedOn() == null ? layout.model(settings.model())
                : layout.retrained(settings.model(), settings.stackedOn().cellName(0));
    }

    /**
     * Fails when the name a user's model's table goes under is one of the run's trained models: its tables would
     * pass for that model's in {@code uae retrain}.
     */
    private void requireUnclaimedName(TablePublisher publisher, RunLayout layout) {
        if (publisher.isPublished(layout.model(settings.model()))) {
            throw new InputValidationException(settings.userModel().path() + ": run " + run.runId()
                    + " has a trained model named '" + settings.model() + "'; a user's model's table needs a name of "
                    + "its own (uae attack --model NAME, uae.attack.model)");
        }
    }

    /** Fails naming the run's published models (and the kinds `uae train` makes) when the model is not one. */
    private void requireModel(TablePublisher publisher, RunLayout layout, Path modelDir) {
        if (publisher.isPublished(modelDir)) {
            return;
        }
        if (settings.stackedOn() != null) {
            throw new InputValidationException(modelDir + ": run " + run.runId() + " has no published retrain cell '"
                    + modelDir.getName() + "' of model " + settings.model() + ", the model a table stacked on '"
                    + settings.stackedOn().name() + "' is made against; run `uae retrain` with arm '"
                    + settings.stackedOn().name() + "' first");
        }
        List<String> published = publisher.publishedChildren(modelDir.getParent());
        boolean kind = Arrays.stream(ModelKind.values()).anyMatch(k -> k.configName().equals(settings.model()));
        throw new InputValidationException(modelDir + ": run " + run.runId() + " has no published model '"
                + settings.model() + "'" + (published.isEmpty() ? "" : " (it has " + String.join(", ", published) + ")")
                + (kind ? "; run `uae train --model " + settings.model() + "` first"
                        : "; models are trained with `uae train --model KIND`, KIND one of "
                                + Arrays.stream(ModelKind.values()).map(ModelKind::configName).toList()));
    }

    /** The training samples to attack: the train split, or its first {@code limit} rows by id. */
    private Dataset<Row> trainSamples(Dataset<Row> table, Path datasetDir) {
        Dataset<Row> train = table.filter(col("split").equalTo("train")).select("sample_id", "features", "shape", "label");
        if (settings.limit() > 0) {
            train = train.orderBy("sample_id").limit(settings.limit());
        }
        return train;
    }

    /**
     * Fails naming the dataset table and the first augmentation of {@code augmentations} that cannot augment its
     * samples (a rotation of flat rows): for {@code uae run} to check every arm before it trains anything.
     *
     * @throws InputValidationException naming the table, the augmentation and the samples' shape
     */
    public static void requireApplicable(RunContext context, Path datasetDir, List<Augmentation> augmentations) {
        if (augmentations.isEmpty()) {
            return;
        }
        int[] shape = Cells.ints(context.spark().read().parquet(datasetDir.toString()).select("shape").first().get(0));
        for (Augmentation augmentation : augmentations) {
            requireApplicable(augmentation, shape, datasetDir);
        }
    }

    private static void requireApplicable(Augmentation augmentation, int[] shape, Path datasetDir) {
        try {
            augmentation.requireApplicable(shape);
        } catch (IllegalArgumentException e) {
            throw new InputValidationException(datasetDir + ": " + e.getMessage(), e);
        }
    }

    /** The batch size: configured, or the largest within the memory budget (logged with its arithmetic). */
    private int batchSize(ModelFootprint model) {
        if (settings.batchSize() > 0) {
            try {
                settings.augmentation().requireBatchFits(model, settings.batchSize());
            } catch (IllegalArgumentException e) {
                throw new ConfigurationException("uae.attack.batch-size " + e.getMessage(), e);
            }
            LOG.info("attack batch size {} (configured)", settings.batchSize());
            return settings.batchSize();
        }
        Augmentation.BatchChoice chosen = settings.augmentation().batchWithin(model, settings.memoryBudgetMb() * MIB,
                settings.maxBatchSize());
        LOG.info("attack batch size {}: {}", chosen.size(), chosen.explanation());
        return chosen.size();
    }

    /** Attacks the units not in {@code resumed} as one Spark job; returns its number of partitions. */
    private int attackMissingUnits(Dataset<Row> train, SampleAttacker attacker, ShardStore shards, int units,
            Set<Integer> resumed, String label) {
        Set<Integer> done = Set.copyOf(resumed);
        spark.sparkContext().setJobDescription(label + ": plan " + units + " units");
        JavaRDD<String> ids = train.select("sample_id").javaRDD().map(r -> r.getString(0));
        Map<Integer, Long> perUnit = ids.map(id -> WorkUnits.unitOf(id, units)).filter(u -> !done.contains(u))
                .countByValue();
        // One partition per unit by default: Spark hands the next unit to whichever core is free.
        int partitions = Math.max(1, Math.min(perUnit.size(),
                settings.partitions() > 0 ? settings.partitions() : perUnit.size()));
        WorkUnits.UnitPartitioner partitioner = WorkUnits.UnitPartitioner.largestFirst(perUnit, partitions);
        Map<Integer, Long> perPartition = new HashMap<>();
        perUnit.forEach((unit, n) -> perPartition.merge(partitioner.partitionOf(unit), n, Long::sum));
        LOG.info("{}: {} samples in {} units on {} partitions, largest units first", label,
                perUnit.values().stream().mapToLong(Long::longValue).sum(), perUnit.size(), partitions);
        String description = label + ": attack " + perUnit.size() + " units";
        try (JobProgress progress = new JobProgress(spark.sparkContext(), description, label, "samples", perPartition)) {
            spark.sparkContext().setJobDescription(description);
            train.javaRDD().map(InputSample::of)
                    .mapToPair(s -> new Tuple2<>(new WorkUnits.Key(WorkUnits.unitOf(s.sampleId(), units), s.sampleId()), s))
                    .filter(t -> !done.contains(t._1().unit()))
                    .repartitionAndSortWithinPartitions(partitioner)
                    .foreachPartition(new UnitRunner(attacker, shards, settings.device(), settings.failPartitions(),
                            settings.failAttempts(), progress.inFlight()));
        }
        return partitions;
    }

    /** Every training sample has its rows, once each. */
    private void requireComplete(Dataset<Row> train, Dataset<Row> written, long samples) {
        long expected = samples * settings.augmentation().rowsPerSample();
        long rows = written.count();
        long missing = train.select("sample_id").except(written.select(col("origin_sample_id").as("sample_id"))).count();
        long foreign = written.select("origin_sample_id").except(train.select("sample_id")).count();
        if (rows != expected || missing != 0 || foreign != 0) {
            throw new IllegalStateException("the committed units hold " + rows + " rows for " + samples
                    + " samples (expected " + expected + "): " + missing + " samples without a row, " + foreign
                    + " rows of samples outside the input");
        }
    }

    private static long resumedSamples(List<UnitManifest> manifests, Set<Integer> resumed) {
        return manifests.stream().filter(m -> resumed.contains(m.unit())).mapToLong(UnitManifest::samples).sum();
    }

    private Map<String, Object> fingerprinted(Provenance.Read datasetProvenance, AttackedModel model,
            int[] sampleShape, long samples, int units, int batchSize) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("dataset", datasetProvenance.fingerprint());
        out.putAll(model.fingerprintFields());
        out.putAll(settings.augmentation().fingerprintFields(sampleShape));
        out.put("limit", settings.limit());
        out.put("samples", samples);
        out.put("units", units);
        out.put("batchSize", batchSize);
        out.put("device", settings.device());
        out.put("torchThreads", settings.torchThreads());
        out.put("rowsPerFile", settings.rowsPerFile());
        out.put("seed", run.seed());
        return out;
    }
}
