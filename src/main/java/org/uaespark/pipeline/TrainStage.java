package org.uaespark.pipeline;

import static org.apache.spark.sql.functions.col;

import java.time.Duration;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

import ai.djl.Device;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.uaespark.config.ConfigLoader;
import org.uaespark.config.ConfigurationException;
import org.uaespark.config.RunSettings;
import org.uaespark.config.TrainSettings;
import org.uaespark.data.InputValidationException;
import org.uaespark.data.TableSchema;
import org.uaespark.models.UnsupervisedModel;
import org.uaespark.models.FloatMatrix;
import org.uaespark.models.ModelConfig;
import org.uaespark.models.ModelTrainer;
import org.uaespark.models.Torch;
import org.uaespark.pipeline.executor.Cells;
import org.uaespark.pipeline.store.Fingerprints;
import org.uaespark.pipeline.store.ModelStore;
import org.uaespark.pipeline.store.Provenance;
import org.uaespark.pipeline.store.RunLayout;
import org.uaespark.pipeline.store.StageOutput;
import org.uaespark.pipeline.store.TablePublisher;

/**
 * The {@code train} stage: trains one model with its recipe on the train split of a run's {@code dataset} table,
 * evaluates it on both splits (per-pixel MSE, the paper's reconstruction error), and publishes it at
 * {@code <run>/models/<kind>/} with its provenance (data fingerprint, seed, recipe, per-epoch loss curve, wall
 * time, errors). Training runs in the driver; the result depends only on the data, the seed and the torch
 * thread count. Before publishing, the written model is loaded back and must reproduce the test error exactly.
 */
public final class TrainStage {
    private static final Logger LOG = LoggerFactory.getLogger(TrainStage.class);

    private final SparkSession spark;
    private final RunSettings run;
    private final TrainSettings settings;
    private final ConfigLoader.Loaded config;
    private final TableSchema datasetSchema = TableSchema.load("dataset");

    /**
     * What the stage produced.
     *
     * @param model    the published model folder
     * @param reused   true when an identical model was already published and was kept
     * @param testMse  per-pixel MSE on the test split (NaN when the dataset has no test rows)
     * @param trainMse per-pixel MSE on the train split
     */
    public record Result(Path model, boolean reused, double testMse, double trainMse) {
    }

    /**
     * @param context  the job's Spark session and its hold on the run
     * @param settings which model, on which dataset
     * @param config   the full configuration (its sources are recorded in provenance)
     */
    public TrainStage(RunContext context, TrainSettings settings, ConfigLoader.Loaded config) {
        this.spark = context.spark();
        this.run = context.run();
        this.settings = settings;
        this.config = config;
    }

    /** Runs the stage; nothing is published on failure. */
    public Result run() {
        RunLayout layout = RunLayout.of(run);
        TablePublisher publisher = new TablePublisher(spark.sparkContext().hadoopConfiguration());
        ModelStore store = new ModelStore(spark.sparkContext().hadoopConfiguration());
        String kind = settings.recipe().kind().configName();
        Path datasetDir = layout.dataset(settings.dataset());
        Path target = layout.model(kind);
        spark.sparkContext().setJobGroup("train", "train " + kind + " on " + settings.dataset() + " in run "
                + run.runId(), false);

        publisher.requirePublished(datasetDir, run.runId(), "dataset '" + settings.dataset() + "'", "uae ingest");
        Dataset<Row> table = spark.read().schema(TableValidator.structType(datasetSchema)).parquet(datasetDir.toString());
        TableValidator.validate(table, datasetSchema, datasetDir.toString());
        ModelConfig modelConfig = modelConfig(table, datasetDir);
        Provenance.OfTable datasetProvenance = Provenance.read(publisher, datasetDir, Provenance.OfTable.class);
        Device device = device(settings.device());
        Map<String, Object> fingerprinted = new LinkedHashMap<>();
        fingerprinted.put("model", modelConfig);
        fingerprinted.put("dataset", datasetProvenance.fingerprint());
        fingerprinted.put("seed", run.seed());
        fingerprinted.put("device", device.toString());
        fingerprinted.put("torchThreads", Torch.threads());
        String fingerprint = Fingerprints.of(fingerprinted);
        Inputs inputs = new Inputs(target, datasetDir, table, modelConfig, device, datasetProvenance, fingerprinted,
                fingerprint);
        return new StageOutput(publisher, target, settings.onExisting(), fingerprint).keepOrBuild(layout,
                "models-" + kind, () -> kept(publisher, target), staged -> build(staged, inputs, publisher, store));
    }

    /** What {@link #run()} resolved before building a model. */
    private record Inputs(Path target, Path datasetDir, Dataset<Row> table, ModelConfig modelConfig, Device device,
            Provenance.OfTable datasetProvenance, Map<String, Object> fingerprinted, String fingerprint) {
    }

    private static Result kept(TablePublisher publisher, Path target) {
        Provenance.OfModel.Evaluation evaluation = Provenance.read(publisher, target, Provenance.OfModel.class)
                .evaluation();
        return new Result(target, true, evaluation.testMse() == null ? Double.NaN : evaluation.testMse(),
                evaluation.trainMse());
    }

    /** Trains the model on the train split, scores it, writes it into {@code staged} and checks that it reloads. */
    private StageOutput.Built<Result> build(Path staged, Inputs in, TablePublisher publisher, ModelStore store) {
        ModelConfig modelConfig = in.modelConfig();
        Device device = in.device();
        String kind = modelConfig.kind().configName();
        FloatMatrix train = collect(in.table(), "train", modelConfig.inputSize());
        if (train.rows() == 0) {
            throw new InputValidationException(in.datasetDir() + ": the train split is empty");
        }
        FloatMatrix test = collect(in.table(), "test", modelConfig.inputSize());
        LOG.info("training {} on {} rows of {} for {} epochs, batch {}, {} torch thread(s), {}", kind, train.rows(),
                settings.dataset(), modelConfig.recipe().epochs(), modelConfig.recipe().batchSize(train.rows()),
                Torch.threads(), device);
        ModelTrainer.Fit fit = ModelTrainer.fit(modelConfig, device, train, run.seed(),
                new TrainProgress(kind));
        try (UnsupervisedModel model = fit.model()) {
            ModelTrainer.History history = fit.history();
            double trainMse = model.meanLoss(train, settings.evalBatchSize());
            double testMse = test.rows() == 0 ? Double.NaN
                    : model.meanLoss(test, settings.evalBatchSize());
            LOG.info("{}: train MSE {}, test MSE {} after {}", kind, trainMse, testMse,
                    ProgressTime.of(Duration.ofMillis((long) (history.seconds() * 1000))));

            store.write(model, staged);
            verifyReload(store, staged, device, test.rows() == 0 ? train : test, test.rows() == 0 ? trainMse : testMse,
                    settings.evalBatchSize());
            Map<String, Object> evaluation = new LinkedHashMap<>();
            evaluation.put("metric", "per-pixel mean squared error");
            evaluation.put("trainMse", trainMse);
            evaluation.put("testMse", test.rows() == 0 ? null : testMse);
            evaluation.put("testRows", test.rows());
            evaluation.put("batchSize", settings.evalBatchSize());
            Provenance provenance = Provenance.of("train", "model", run.runId(), in.fingerprint())
                    .config(in.fingerprinted(), config.sources())
                    .put("dataset", Map.of("path", in.datasetDir().toString(), "fingerprint",
                            in.datasetProvenance().fingerprint(), "files", in.datasetProvenance().outputs()))
                    .outputs(publisher.digestDataFiles(staged))
                    .put("model", kind)
                    .put("training", trainingFacts(model, fit, train.rows(), device))
                    .put("evaluation", evaluation)
                    .runtime(spark);
            return new StageOutput.Built<>(new Result(in.target(), false, testMse, trainMse), provenance);
        }
    }

    private static Map<String, Object> trainingFacts(UnsupervisedModel model, ModelTrainer.Fit fit, int rows,
            Device device) {
        ModelTrainer.History history = fit.history();
        Map<String, Object> training = new LinkedHashMap<>();
        training.put("epochs", model.config().recipe().epochs());
        training.put("batchSize", model.config().recipe().batchSize(rows));
        training.put("epochLoss", history.epochLoss());
        training.put("finalLoss", history.finalLoss());
        training.put("seconds", history.seconds());
        training.put("samplesPerSecond", history.samples() / history.seconds());
        training.put("trainRows", rows);
        training.put("parameters", model.parameters().size());
        training.put("torchThreads", Torch.threads());
        training.put("device", device.toString());
        training.putAll(ModelTrainer.fitFacts(fit));
        return training;
    }

    private static Device device(String name) {
        try {
            return Torch.device(name);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("uae.train.device: " + e.getMessage(), e);
        }
    }

    private ModelConfig modelConfig(Dataset<Row> table, Path datasetDir) {
        Row first = table.select("shape").first();
        if (first == null) {
            throw new InputValidationException(datasetDir + ": the dataset table is empty");
        }
        int[] shape = Cells.ints(first.get(0));
        try {
            return new ModelConfig(settings.recipe(), shape);
        } catch (IllegalArgumentException e) {
            throw new InputValidationException(datasetDir + ": samples of shape " + Arrays.toString(shape)
                    + " do not fit model " + settings.recipe().kind().configName() + ": " + e.getMessage(), e);
        }
    }

    /** The features of one split, in sample-id order, in one driver-side matrix (streamed partition by partition). */
    private static FloatMatrix collect(Dataset<Row> table, String split, int cols) {
        Dataset<Row> rows = table.filter(col("split").equalTo(split)).orderBy(col("sample_id")).select("features");
        int count = Math.toIntExact(rows.count());
        float[] data = new float[Math.multiplyExact(count, cols)];
        Iterator<float[]> it = rows.javaRDD().map(r -> Cells.floats(r.get(0))).toLocalIterator();
        int i = 0;
        while (it.hasNext()) {
            System.arraycopy(it.next(), 0, data, i++ * cols, cols);
        }
        return new FloatMatrix(count, cols, data);
    }

    private static void verifyReload(ModelStore store, Path staged, Device device, FloatMatrix data, double expected,
            int batchSize) {
        try (UnsupervisedModel reloaded = store.load(staged, device)) {
            double again = reloaded.meanLoss(data, batchSize);
            if (Double.compare(again, expected) != 0) {
                throw new IllegalStateException("the saved model does not reproduce its error: " + expected
                        + " before saving, " + again + " after loading " + staged);
            }
        }
    }
}
