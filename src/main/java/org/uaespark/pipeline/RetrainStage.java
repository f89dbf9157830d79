package org.uaespark.pipeline;

import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.Comparator;
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

import org.uaespark.config.Augmentations;
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
        int trainRows = Math.toIntExact(table.filter(col("split").equalTo("train")).count());

        List<GridCell> todo = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        for (ModelKind kind : settings.models()) {
            ModelRecipe recipe = TrainSettings.recipe(config.config(), kind);
            Path copySource = settings.arms().stream().anyMatch(RetrainStage::copiesRows)
                    ? duplicateSource(layout, publisher, kind.configName()) : null;
            for (Arm arm : settings.arms()) {
                for (int r = 0; r < arm.repeats(); r++) {
                    GridCell cell = cell(layout, publisher, kind, arm.recipe(recipe, trainRows), shape, arm, r,
                            datasetDir, datasetFingerprint, copySource);
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
            String description = "retrain " + todo.size() + " grid cells";
            List<CellTrainer.Result> results;
            try (JobProgress progress = new JobProgress(spark.sparkContext(), description, "retrain", "cells",
                    JobProgress.onePerPartition(todo.size()))) {
                spark.sparkContext().setJobDescription(description);
                results = JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(todo, todo.size())
                        .map(new CellTrainer(new HadoopConf(spark.sparkContext().hadoopConfiguration()), run.runId()))
                        .collect();
            }
            for (CellTrainer.Result r : results) {
                trained.add(r.cell().model() + "/" + r.cell().name());
                LOG.info(String.format(Locale.ROOT, "%-12s %-16s rows %7d  train MSE %.6f  test MSE %.6f  %.0f s",
                        r.cell().model(), r.cell().name(), r.trainRows(), r.trainMse(), r.testMse(), r.seconds()));
            }
        }
        return new Result(trained, kept);
    }

    /** The {@code uae attack} command that makes the table of {@code arm} (an arm with a table) for {@code model}. */
    private static String attackCommand(String model, Arm arm) {
        StringBuilder command = new StringBuilder("uae attack --model " + model);
        Augmentations.attackKeys(arm.augmentation().orElseThrow())
                .forEach((key, value) -> command.append(" --set attack.").append(key).append('=').append(value));
        arm.stackedOn().ifPresent(base -> command.append(" --stacked-on ").append(base.name()));
        return command.toString();
    }

    /** Whether {@code arm}'s cells append an unperturbed copy of train rows (the duplicate controls). */
    private static boolean copiesRows(Arm arm) {
        return arm.appended(0).stream().anyMatch(Arm.OriginCopy.class::isInstance);
    }

    /**
     * The augmented table whose origin rows the {@code duplicate} control copies, so that the control appends as many
     * rows, of the same samples, as every augmented arm of {@code model} (attacks may cover the first N training
     * samples only: {@code uae.attack.limit}); null, for a copy of the whole train split, when the grid has no
     * augmented arm. The first of the arms' own tables is the source, stacked arms' last, so that a grid trained in
     * waves (stacked arms after the attacks against their base arms' cells) copies one table throughout. Fails when
     * the model's augmented tables cover different numbers of samples.
     */
    private Path duplicateSource(RunLayout layout, TablePublisher publisher, String model) {
        Path source = null;
        long sourceSamples = 0;
        List<Arm> plainFirst = new ArrayList<>(settings.arms());
        plainFirst.sort(Comparator.comparing(arm -> arm.stackedOn().isPresent()));
        for (Arm arm : plainFirst) {
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

    private GridCell cell(RunLayout layout, TablePublisher publisher, ModelKind kind, ModelRecipe used, int[] shape,
            Arm arm, int repeat, Path datasetDir, String datasetFingerprint, Path copySource) {
        String model = kind.configName();
        String name = arm.cellName(repeat);
        long seed = repeat == 0 ? run.seed() : Seeds.mix(run.seed(), REPEAT_SALT, repeat);
        ModelConfig modelConfig;
        try {
            modelConfig = new ModelConfig(used, shape);
        } catch (IllegalArgumentException e) {
            throw new InputValidationException(datasetDir + ": samples of this shape do not fit model " + model + ": "
                    + e.getMessage(), e);
        }
        List<GridCell.AppendedRows> appended = new ArrayList<>();
        List<String> appendedFingerprints = new ArrayList<>();
        boolean metOnly = false;
        for (Arm.Appended rows : arm.appended(repeat)) {
            if (rows instanceof Arm.TableRows table) {
                Path augmented = layout.augmented(model, table.table());
                String attack = attackCommand(model, table.table().equals(arm.name()) ? arm
                        : arm.stackedOn().orElseThrow());
                appendedFingerprints.add(requireRepeats(publisher, augmented, arm, model, table.repeat(), attack));
                appended.add(new GridCell.AppendedRows(augmented.toString(), table.repeat(), false, table.metOnly()));
                metOnly |= table.metOnly();
            } else {
                appendedFingerprints.add(copySource == null ? null : Provenance.read(publisher, copySource).fingerprint());
                appended.add(new GridCell.AppendedRows(copySource == null ? null : copySource.toString(), -1, true,
                        false));
            }
        }
        Map<String, Object> fingerprinted = new LinkedHashMap<>();
        fingerprinted.put("dataset", datasetFingerprint);
        // One appended table keeps the fingerprints cells had before stacked arms.
        fingerprinted.put("augmented", appendedFingerprints.isEmpty() ? null
                : appendedFingerprints.size() == 1 ? appendedFingerprints.get(0) : appendedFingerprints);
        fingerprinted.put("model", modelConfig);
        fingerprinted.put("arm", arm.name());
        fingerprinted.put("repeat", repeat);
        fingerprinted.put("seed", seed);
        fingerprinted.put("device", settings.device());
        fingerprinted.put("torchThreads", settings.torchThreads());
        if (metOnly) { // cells appending every row keep the fingerprints they had before the setting
            fingerprinted.put("appended", "criterion-met");
        }
        return new GridCell(model, arm.name(), repeat, name, modelConfig, seed, datasetDir.toString(), appended,
                layout.retrained(model, name).toString(), layout.staging().toString(),
                Fingerprints.of(fingerprinted), settings.device(), settings.torchThreads(), settings.evalBatchSize());
    }

    /**
     * The fingerprint of {@code arm}'s augmented table {@code table} of {@code model}, after checking it is published
     * and holds the repeat {@code rowsRepeat} a cell appends (or a single repeat, for a cell appending all rows);
     * {@code attack} is the command that makes it.
     */
    private String requireRepeats(TablePublisher publisher, Path table, Arm arm, String model, int rowsRepeat,
            String attack) {
        if (!publisher.isPublished(table)) {
            throw new InputValidationException(table + ": arm '" + arm.name() + "' of model " + model
                    + " needs this augmented table; run `" + attack + "` for it first");
        }
        Provenance.OfAttack provenance = Provenance.read(publisher, table, Provenance.OfAttack.class);
        int held = provenance.config().repeats() == null ? 1 : provenance.config().repeats();
        if (rowsRepeat >= 0 ? held <= rowsRepeat : held != 1) {
            throw new InputValidationException(table + ": holds " + held + " repeat(s) per sample but the grid "
                    + "needs " + (rowsRepeat >= 0 ? settings.repeats() : 1) + " (uae.retrain.repeats, uae.attack.repeats); "
                    + "re-run the attack with uae.attack.repeats = " + (rowsRepeat >= 0 ? settings.repeats() : 1));
        }
        return provenance.fingerprint();
    }
}
