package org.uaespark.pipeline;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.uaespark.config.ConfigLoader;
import org.uaespark.config.RetrainSettings;
import org.uaespark.config.RunSettings;
import org.uaespark.config.TrainSettings;
import org.uaespark.data.InputValidationException;
import org.uaespark.data.Seeds;
import org.uaespark.data.TableSchema;
import org.uaespark.experiment.Arm;
import org.uaespark.models.ModelConfig;
import org.uaespark.models.ModelKind;
import org.uaespark.models.ModelRecipe;
import org.uaespark.pipeline.executor.CellTrainer;
import org.uaespark.pipeline.executor.Cells;
import org.uaespark.pipeline.executor.GridCell;
import org.uaespark.pipeline.store.Fingerprints;
import org.uaespark.pipeline.store.HadoopConf;
import org.uaespark.pipeline.store.Provenance;
import org.uaespark.pipeline.store.RunLayout;
import org.uaespark.pipeline.store.StageOutput;
import org.uaespark.pipeline.store.TablePublisher;

/**
 * The {@code retrain} stage: the experiment grid of models × arms (× seeded repeats), each cell a model trained
 * from scratch with its recipe on its arm's training set, one Spark task per cell so a cluster trains the grid in
 * parallel. Arms: {@code original}, the compute-matched controls {@code duplicate} (train ∪ an unperturbed copy of
 * the rows the model's augmented arms were generated from: their optimisation steps) and {@code original-2x} (twice
 * the epochs: the steps of an arm that augments every training sample), and any augmented table
 * of the model ({@code mine-paper}, {@code l2-paper}, {@code gaussian-0.01}, …). Cells are published at
 * {@code <run>/retrained/<model>/<cell>/}; cells already published from identical inputs are kept, so a failed
 * grid resumes where it stopped.
 */
public final class RetrainStage {
    private static final Logger LOG = LoggerFactory.getLogger(RetrainStage.class);
    private static final long REPEAT_SALT = 0x4E9EA7L;

    private final SparkSession spark;
    private final RunSettings run;
    private final RetrainSettings settings;
    private final ConfigLoader.Loaded config;

    /**
     * What the stage produced.
     *
     * @param trained cells trained by this run
     * @param kept    cells already published and kept
     */
    public record Result(List<String> trained, List<String> kept) {
    }

    /**
     * @param context  the job's Spark session and its hold on the run
     * @param settings the grid
     * @param config   the full configuration (model recipes)
     */
    public RetrainStage(RunContext context, RetrainSettings settings, ConfigLoader.Loaded config) {
        this.spark = context.spark();
        this.run = context.run();
        this.settings = settings;
        this.config = config;
    }

    /** Runs the grid; a failed cell fails the stage after the others finished, and nothing partial is published. */
    public Result run() {
        RunLayout layout = RunLayout.of(run);
        TablePublisher publisher = new TablePublisher(spark.sparkContext().hadoopConfiguration());
        Path datasetDir = layout.dataset(settings.dataset());
        spark.sparkContext().setJobGroup("retrain-" + run.runId(), "retrain grid of run " + run.runId(), false);
        publisher.requirePublished(datasetDir, run.runId(), "dataset '" + settings.dataset() + "'", "uae ingest");
        TableSchema schema = TableSchema.load("dataset");
        Dataset<Row> table = spark.read().schema(TableValidator.structType(schema)).parquet(datasetDir.toString());
        TableValidator.validate(table, schema, datasetDir.toString());
        int[] shape = Cells.ints(table.select("shape").first().get(0));
        String datasetFingerprint = Provenance.read(publisher, datasetDir).fingerprint();

        List<GridCell> todo = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        for (ModelKind kind : settings.models()) {
            ModelRecipe recipe = TrainSettings.recipe(config.config(), kind);
            Path copySource = settings.arms().stream().anyMatch(a -> a instanceof Arm.Duplicate)
                    ? duplicateSource(layout, publisher, kind.configName()) : null;
            for (Arm arm : settings.arms()) {
                for (int r = 0; r < arm.repeats(); r++) {
                    GridCell cell = cell(layout, publisher, kind, recipe, shape, arm, r, datasetDir, datasetFingerprint,
                            copySource);
                    if (new StageOutput(publisher, new Path(cell.target()), settings.onExisting(), cell.fingerprint())
                            .kept()) {
                        kept.add(kind.configName() + "/" + cell.name());
                    } else {
                        todo.add(cell);
                    }
                }
            }
        }
        publisher.requireWritable(layout);
        LOG.info("retrain grid: {} cells to train, {} already published", todo.size(), kept.size());
        List<String> trained = new ArrayList<>();
        if (!todo.isEmpty()) {
            spark.sparkContext().setJobDescription("retrain " + todo.size() + " grid cells");
            List<CellTrainer.Result> results = JavaSparkContext.fromSparkContext(spark.sparkContext())
                    .parallelize(todo, todo.size())
                    .map(new CellTrainer(new HadoopConf(spark.sparkContext().hadoopConfiguration()), run.runId()))
                    .collect();
            for (CellTrainer.Result r : results) {
                trained.add(r.cell().model() + "/" + r.cell().name());
                LOG.info(String.format(Locale.ROOT, "%-12s %-16s rows %7d  train MSE %.6f  test MSE %.6f  %.0f s",
                        r.cell().model(), r.cell().name(), r.trainRows(), r.trainMse(), r.testMse(), r.seconds()));
            }
        }
        return new Result(trained, kept);
    }

    /**
     * The augmented table whose origin rows the {@code duplicate} control copies, so that the control appends as many
     * rows, of the same samples, as every augmented arm of {@code model} (attacks may cover the first N training
     * samples only: {@code uae.attack.limit}); null, for a copy of the whole train split, when the grid has no
     * augmented arm. Fails when the model's augmented tables cover different numbers of samples.
     */
    private Path duplicateSource(RunLayout layout, TablePublisher publisher, String model) {
        Path source = null;
        long sourceSamples = 0;
        for (Arm arm : settings.arms()) {
            Path table = layout.augmented(model, arm.name());
            if (arm.augmentation().isEmpty() || !publisher.isPublished(table)) {
                continue; // a missing table fails in cell() with its own message
            }
            long samples = Provenance.read(publisher, table, Provenance.OfAttack.class).config().samples();
            if (source == null) {
                source = table;
                sourceSamples = samples;
            } else if (samples != sourceSamples) {
                throw new InputValidationException(table + ": generated from " + samples + " training samples but "
                        + source + " from " + sourceSamples + "; the duplicate control can match only augmented arms "
                        + "that cover the same samples: re-run their attacks with one uae.attack.limit");
            }
        }
        return source;
    }

    private GridCell cell(RunLayout layout, TablePublisher publisher, ModelKind kind, ModelRecipe recipe, int[] shape,
            Arm arm, int repeat, Path datasetDir, String datasetFingerprint, Path copySource) {
        String model = kind.configName();
        String name = arm.cellName(repeat);
        long seed = repeat == 0 ? run.seed() : Seeds.mix(run.seed(), REPEAT_SALT, repeat);
        ModelRecipe used = arm.epochFactor() == 1 ? recipe : recipe.withEpochs(arm.epochFactor() * recipe.epochs());
        ModelConfig modelConfig;
        try {
            modelConfig = new ModelConfig(used, shape);
        } catch (IllegalArgumentException e) {
            throw new InputValidationException(datasetDir + ": samples of this shape do not fit model " + model + ": "
                    + e.getMessage(), e);
        }
        boolean duplicate = arm instanceof Arm.Duplicate;
        Path augmented = duplicate ? copySource : null;
        String augmentedFingerprint = augmented == null ? null
                : Provenance.read(publisher, augmented).fingerprint();
        int rowsRepeat = -1;
        if (arm instanceof Arm.Augmented appended) {
            augmented = layout.augmented(model, arm.name());
            if (!publisher.isPublished(augmented)) {
                throw new InputValidationException(augmented + ": arm '" + arm.name() + "' of model " + model
                        + " needs this augmented table; run `uae attack --model " + model + "` for it first");
            }
            Provenance.OfAttack provenance = Provenance.read(publisher, augmented, Provenance.OfAttack.class);
            augmentedFingerprint = provenance.fingerprint();
            int held = provenance.config().repeats() == null ? 1 : provenance.config().repeats();
            rowsRepeat = appended.rowsRepeat(repeat);
            if (rowsRepeat >= 0 ? held <= rowsRepeat : held != 1) {
                throw new InputValidationException(augmented + ": holds " + held + " repeat(s) per sample but the grid "
                        + "needs " + settings.repeats() + " (uae.retrain.repeats); re-run the attack with "
                        + "uae.attack.repeats = " + settings.repeats());
            }
        }
        Map<String, Object> fingerprinted = new LinkedHashMap<>();
        fingerprinted.put("dataset", datasetFingerprint);
        fingerprinted.put("augmented", augmentedFingerprint);
        fingerprinted.put("model", modelConfig);
        fingerprinted.put("arm", arm.name());
        fingerprinted.put("repeat", repeat);
        fingerprinted.put("seed", seed);
        fingerprinted.put("device", settings.device());
        fingerprinted.put("torchThreads", settings.torchThreads());
        return new GridCell(model, arm.name(), repeat, name, modelConfig, seed, datasetDir.toString(),
                augmented == null ? null : augmented.toString(), rowsRepeat, duplicate,
                layout.retrained(model, name).toString(), layout.staging().toString(),
                Fingerprints.of(fingerprinted), settings.device(), settings.torchThreads(), settings.evalBatchSize());
    }
}
