package org.uaespark.pipeline;

import static org.apache.spark.sql.functions.col;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.classification.RandomForestClassifier;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.uaespark.config.RetrainSettings;
import org.uaespark.data.InputValidationException;
import org.uaespark.pipeline.executor.SelectionScorer;
import org.uaespark.pipeline.store.HadoopConf;

/**
 * Table 3's accuracy of a feature-selecting model: classifiers fit on its selected columns of the <b>original</b>
 * train rows (so only the selection differs between arms) and scored on the test rows' same columns. Extremely
 * randomized trees run as Spark tasks, one per grid cell; Spark MLlib's random forest runs as a distributed job per
 * cell, its train rows hash-partitioned by sample id into a fixed number of partitions and sorted within them, so
 * that its per-partition bootstrap seeds do not depend on the cluster.
 */
final class SelectionAccuracy {
    private static final Logger LOG = LoggerFactory.getLogger(SelectionAccuracy.class);
    private static final String SELECTED = "selected_features";

    /**
     * One cell's accuracies.
     *
     * @param extraTrees   extremely randomized trees
     * @param randomForest MLlib's random forest; null when not fit
     */
    record Scores(double extraTrees, Double randomForest) {
    }

    private SelectionAccuracy() {
    }

    /**
     * Scores every cell.
     *
     * @param table the dataset table (validated), both splits
     * @return each cell's scores, keyed by its folder
     */
    static Map<String, Scores> score(SparkSession spark, HadoopConf hadoop, Dataset<Row> table,
            List<SelectionScorer.Cell> cells, RetrainSettings.SelectionScoring settings) {
        Map<String, Scores> out = new LinkedHashMap<>();
        if (cells.isEmpty()) {
            return out;
        }
        long unlabelled = table.filter(col("label").isNull()).count();
        if (unlabelled > 0) {
            throw new InputValidationException(cells.get(0).datasetDir() + ": column label is null in " + unlabelled
                    + " rows; the selected-feature accuracy of Table 3 needs a label on every row");
        }
        String description = "evaluate: extremely randomized trees on " + cells.size() + " selections, one task each";
        List<Double> extraTrees;
        try (JobProgress progress = new JobProgress(spark.sparkContext(), description,
                "evaluate: extremely randomized trees", "selections", JobProgress.onePerPartition(cells.size()))) {
            spark.sparkContext().setJobDescription(description);
            extraTrees = JavaSparkContext.fromSparkContext(spark.sparkContext())
                    .parallelize(cells, cells.size()).map(new SelectionScorer(hadoop)).collect();
        }
        if (settings.randomForest()) {
            LOG.info("evaluate: MLlib random forest ({} trees, depth {}) on {} selections, one distributed fit after "
                    + "another (uae.retrain.selection.random-forest = true: the costliest part of evaluating a "
                    + "feature-selection grid; false skips it)", settings.trees(), settings.forestMaxDepth(),
                    cells.size());
        }
        long started = System.nanoTime();
        for (int i = 0; i < cells.size(); i++) {
            SelectionScorer.Cell cell = cells.get(i);
            Double forest = null;
            if (settings.randomForest()) {
                double perCell = i == 0 ? 0 : (System.nanoTime() - started) / 1e9 / i;
                LOG.info("evaluate: random forest {}/{} on the selection of {}{}", i + 1, cells.size(), cell.dir(),
                        i == 0 ? "" : ", ETA " + ProgressTime.of(Duration.ofSeconds(Math.round(perCell
                                * (cells.size() - i)))));
                spark.sparkContext().setJobDescription("evaluate: MLlib random forest on the selection of "
                        + cell.dir());
                forest = randomForest(table, cell, settings);
            }
            out.put(cell.dir(), new Scores(extraTrees.get(i), forest));
        }
        return out;
    }

    private static double randomForest(Dataset<Row> table, SelectionScorer.Cell cell,
            RetrainSettings.SelectionScoring settings) {
        List<Column> columns = new ArrayList<>(List.of(col("split"), col("sample_id"),
                col("label").cast("double").as("label")));
        String[] names = new String[cell.columns().length];
        for (int i = 0; i < names.length; i++) {
            names[i] = "f" + i;
            columns.add(col("features").getItem(cell.columns()[i]).cast("double").as(names[i]));
        }
        Dataset<Row> rows = new VectorAssembler().setInputCols(names).setOutputCol(SELECTED)
                .transform(table.select(columns.toArray(new Column[0])));
        Dataset<Row> train = rows.filter(col("split").equalTo("train"))
                .repartition(settings.forestPartitions(), col("sample_id")).sortWithinPartitions("sample_id");
        Dataset<Row> test = rows.filter(col("split").equalTo("test"));
        var model = new RandomForestClassifier().setNumTrees(settings.trees()).setMaxDepth(settings.forestMaxDepth())
                .setSeed(cell.seed()).setLabelCol("label").setFeaturesCol(SELECTED).fit(train);
        return new MulticlassClassificationEvaluator().setMetricName("accuracy").setLabelCol("label")
                .evaluate(model.transform(test));
    }
}
