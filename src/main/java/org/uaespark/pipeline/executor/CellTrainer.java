package org.uaespark.pipeline.executor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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

    /** The cell's arm's training set: the train split with its appended rows (augmented, or copies of train rows). */
    private FloatMatrix trainingSet(GridCell cell, FloatMatrix train) {
        List<FloatMatrix> parts = new ArrayList<>(List.of(train));
        for (GridCell.AppendedRows appended : cell.appended()) {
            parts.add(appended.copy() ? (appended.table() == null ? train : copiedRows(cell, appended.table()))
                    : TableRows.features(hadoop, appended.table(), rowsOf(appended)));
        }
        return parts.size() == 1 ? train : stack(parts);
    }

    /** Which rows of an appended table the cell takes: its repeat (or all), and only those that met the criterion. */
    private static Predicate<Group> rowsOf(GridCell.AppendedRows appended) {
        Predicate<Group> repeat = appended.repeat() < 0 ? g -> true : TableRows.intEquals("repeat", appended.repeat());
        return appended.metOnly() ? repeat.and(g -> g.getBoolean("criterion_met", 0)) : repeat;
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
            training.put("optimizerSteps", ModelTrainer.optimizerSteps(model.config().recipe(), rows.rows()));
            training.put("samplesSeen", history.samples());
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

    /** The train rows the augmented table {@code table} was generated from, unperturbed. */
    private FloatMatrix copiedRows(GridCell cell, String table) {
        Set<String> origins = TableRows.strings(hadoop, table, "origin_sample_id",
                TableRows.intEquals("repeat", 0));
        Predicate<Group> train = TableRows.stringEquals("split", "train");
        return TableRows.features(hadoop, cell.datasetDir(), g -> train.test(g) && origins.contains(g.getString("sample_id", 0)));
    }

    /** The rows of {@code parts}, one after the other, in one allocation. */
    private static FloatMatrix stack(List<FloatMatrix> parts) {
        int cols = parts.get(0).cols();
        int rows = 0;
        for (FloatMatrix part : parts) {
            if (part.rows() > 0 && part.cols() != cols) {
                throw new IllegalStateException("cannot append rows of " + part.cols() + " features to rows of " + cols);
            }
            rows += part.rows();
        }
        float[] data = new float[Math.multiplyExact(rows, cols)];
        int at = 0;
        for (FloatMatrix part : parts) {
            System.arraycopy(part.data(), 0, data, at, part.data().length);
            at += part.data().length;
        }
        return new FloatMatrix(rows, cols, data);
    }
}
