package org.uaespark.pipeline.executor;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

import ai.djl.Device;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.spark.api.java.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.uaespark.config.OnExisting;
import org.uaespark.models.UnsupervisedModel;
import org.uaespark.models.FloatMatrix;
import org.uaespark.models.ModelTrainer;
import org.uaespark.models.Torch;
import org.uaespark.pipeline.store.HadoopConf;
import org.uaespark.pipeline.store.ModelStore;
import org.uaespark.pipeline.store.Provenance;
import org.uaespark.pipeline.store.StageOutput;
import org.uaespark.pipeline.store.TablePublisher;
import org.uaespark.pipeline.store.TableRows;

/**
 * The retrain task: reads its arm's training rows and the test split straight from the run's Parquet tables,
 * trains the model from scratch with its recipe, and publishes it with its provenance (arm, rows, seed, loss
 * curve, train and test per-pixel MSE) at the cell's folder. One grid cell per Spark task.
 *
 * @param hadoop file-system configuration
 * @param runId  the run, recorded in provenance
 */
public record CellTrainer(HadoopConf hadoop, String runId) implements Function<GridCell, CellTrainer.Result> {
    private static final Logger LOG = LoggerFactory.getLogger(CellTrainer.class);

    /**
     * What one cell produced.
     *
     * @param cell      the cell
     * @param trainRows training rows (train split plus appended rows)
     * @param trainMse  per-pixel MSE on the train split
     * @param testMse   per-pixel MSE on the test split
     * @param seconds   training time
     */
    public record Result(GridCell cell, int trainRows, double trainMse, double testMse, double seconds)
            implements java.io.Serializable {
    }

    @Override
    public Result call(GridCell cell) {
        Torch.useThreads(cell.torchThreads());
        Device device = TaskDevices.current(cell.device());
        FloatMatrix train = TableRows.features(hadoop, cell.datasetDir(), TableRows.stringEquals("split", "train"));
        FloatMatrix test = TableRows.features(hadoop, cell.datasetDir(), TableRows.stringEquals("split", "test"));
        FloatMatrix rows = trainingSet(cell, train);
        TablePublisher publisher = new TablePublisher(hadoop.get());
        Path staged = new Path(cell.stagingRoot(), "retrain-" + cell.model() + "-" + cell.name() + "-" + UUID.randomUUID());
        // The driver decided to (re)build the cell; a concurrent or earlier attempt's cell is replaced.
        return new StageOutput(publisher, new Path(cell.target()), OnExisting.OVERWRITE, cell.fingerprint())
                .publish(staged, into -> train(into, cell, rows, train, test, device, publisher));
    }

    /** The cell's arm's training set: the train split, with a copy of rows or an augmented table's rows appended. */
    private FloatMatrix trainingSet(GridCell cell, FloatMatrix train) {
        if (cell.duplicate()) {
            return stack(train, cell.augmentedDir() == null ? train : copiedRows(cell));
        }
        if (cell.augmentedDir() != null) {
            return stack(train, TableRows.features(hadoop, cell.augmentedDir(), cell.augmentedRepeat() < 0
                    ? g -> true : TableRows.intEquals("repeat", cell.augmentedRepeat())));
        }
        return train;
    }

    /** Trains the cell's model on {@code rows} and writes it, scored on {@code train} and {@code test}, into {@code staged}. */
    private StageOutput.Built<Result> train(Path staged, GridCell cell, FloatMatrix rows, FloatMatrix train,
            FloatMatrix test, Device device, TablePublisher publisher) {
        ModelTrainer.Fit fit = ModelTrainer.fit(cell.config(), device, rows, cell.seed(), null);
        try (UnsupervisedModel model = fit.model()) {
            ModelTrainer.History history = fit.history();
            double trainMse = model.meanLoss(train, cell.evalBatchSize());
            double testMse = test.rows() == 0 ? Double.NaN : model.meanLoss(test, cell.evalBatchSize());
            new ModelStore(hadoop.get()).write(model, staged);
            Map<String, Object> training = new LinkedHashMap<>();
            training.put("arm", cell.arm());
            training.put("repeat", cell.repeat());
            training.put("seed", cell.seed());
            training.put("trainRows", rows.rows());
            training.put("appendedRows", rows.rows() - train.rows());
            training.put("epochs", model.config().recipe().epochs());
            training.put("batchSize", model.config().recipe().batchSize(rows.rows()));
            training.put("epochLoss", history.epochLoss());
            training.put("seconds", history.seconds());
            training.put("device", device.toString());
            training.putAll(ModelTrainer.fitFacts(fit));
            Map<String, Object> evaluation = new LinkedHashMap<>();
            evaluation.put("metric", "per-pixel mean squared error");
            evaluation.put("trainMse", trainMse);
            evaluation.put("testMse", test.rows() == 0 ? null : testMse);
            evaluation.put("testRows", test.rows());
            Provenance provenance = Provenance.of("retrain", "model", runId, cell.fingerprint())
                    .config(cell, java.util.List.of())
                    .outputs(publisher.digestDataFiles(staged))
                    .put("model", cell.model())
                    .put("training", training)
                    .put("evaluation", evaluation)
                    .runtime();
            LOG.info("retrained {}/{} on {} rows: test MSE {}", cell.model(), cell.name(), rows.rows(), testMse);
            return new StageOutput.Built<>(new Result(cell, rows.rows(), trainMse, testMse, history.seconds()),
                    provenance);
        }
    }

    /** The train rows the augmented table {@code cell.augmentedDir()} was generated from, unperturbed. */
    private FloatMatrix copiedRows(GridCell cell) {
        Set<String> origins = TableRows.strings(hadoop, cell.augmentedDir(), "origin_sample_id",
                TableRows.intEquals("repeat", 0));
        Predicate<Group> train = TableRows.stringEquals("split", "train");
        return TableRows.features(hadoop, cell.datasetDir(), g -> train.test(g) && origins.contains(g.getString("sample_id", 0)));
    }

    private static FloatMatrix stack(FloatMatrix a, FloatMatrix b) {
        if (b.rows() > 0 && a.cols() != b.cols()) {
            throw new IllegalStateException("cannot append rows of " + b.cols() + " features to rows of " + a.cols());
        }
        float[] data = new float[(a.rows() + b.rows()) * a.cols()];
        System.arraycopy(a.data(), 0, data, 0, a.data().length);
        System.arraycopy(b.data(), 0, data, a.data().length, b.data().length);
        return new FloatMatrix(a.rows() + b.rows(), a.cols(), data);
    }
}
