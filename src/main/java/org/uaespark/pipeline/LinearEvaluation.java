package org.uaespark.pipeline;

import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.linalg.Matrix;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.uaespark.config.RetrainSettings;
import org.uaespark.data.InputValidationException;
import org.uaespark.data.Seeds;
import org.uaespark.pipeline.executor.ExecutorModels;
import org.uaespark.pipeline.executor.PgdScorer;
import org.uaespark.pipeline.executor.RepresentationExtractor;

/**
 * Table 4's columns of a contrastive model: linear evaluation of its frozen encoder and the PGD robustness check
 * (appendix B.11). The encoder's pooled features of the train and test rows are extracted on the executors; Spark
 * MLlib's multinomial logistic regression is fit on the clean train features with their labels (the same rows for
 * every arm, so only the representation differs), its train rows hash-partitioned by sample id into a fixed
 * number of partitions and sorted, and scored on the test features: accuracy and cross-entropy. Its coefficients
 * then become the linear layer PGD attacks through the encoder, on a seeded subset of test images.
 */
final class LinearEvaluation {
    private static final String REPRESENTATION = "representation";
    private static final Logger LOG = LoggerFactory.getLogger(LinearEvaluation.class);

    /**
     * One cell's scores.
     *
     * @param accuracy      test top-1 accuracy of the linear classifier
     * @param crossEntropy  its mean test cross-entropy
     * @param attacked      test images in the PGD subset
     * @param cleanCorrect  how many of them it classifies correctly unattacked
     * @param correct       how many remain correct after PGD at each ε
     */
    record Scores(double accuracy, double crossEntropy, int attacked, long cleanCorrect, List<Long> correct) {
    }

    private LinearEvaluation() {
    }

    /**
     * Scores every cell.
     *
     * @param table the dataset table (validated), both splits
     * @param seed  the run seed (the PGD subset and starts)
     * @return each cell's scores, keyed by its folder
     */
    static Map<String, Scores> score(SparkSession spark, Dataset<Row> table, List<ExecutorModels.Source> cells,
            RetrainSettings settings, long seed) {
        Map<String, Scores> out = new LinkedHashMap<>();
        if (cells.isEmpty()) {
            return out;
        }
        long unlabelled = table.filter(col("label").isNull()).count();
        if (unlabelled > 0) {
            throw new InputValidationException(settings.dataset() + ": column label is null in " + unlabelled
                    + " rows; the linear evaluation of Table 4 needs a label on every row");
        }
        Dataset<Row> rows = table.select(col("sample_id"), col("split"), col("label"), col("features"));
        Dataset<Row> subset = pgdSubset(table, settings.linear().pgdSamples(), seed);
        for (ExecutorModels.Source cell : cells) {
            spark.sparkContext().setJobDescription("evaluate: linear evaluation of " + cell.dir());
            Dataset<Row> features = represent(spark, rows, cell, settings);
            Dataset<Row> train = features.filter(col("split").equalTo("train"))
                    .repartition(settings.linear().partitions(), col("sample_id")).sortWithinPartitions("sample_id");
            Dataset<Row> test = features.filter(col("split").equalTo("test"));
            LogisticRegressionModel model = new LogisticRegression().setFamily("multinomial")
                    .setMaxIter(settings.linear().maxIterations()).setRegParam(settings.linear().regularization())
                    .setLabelCol("label").setFeaturesCol(REPRESENTATION).fit(train);
            Dataset<Row> predicted = model.transform(test);
            MulticlassClassificationEvaluator evaluator = new MulticlassClassificationEvaluator().setLabelCol("label");
            double accuracy = evaluator.setMetricName("accuracy").evaluate(predicted);
            double crossEntropy = evaluator.setMetricName("logLoss").evaluate(predicted);
            LOG.info("linear evaluation of {}: test accuracy {}, cross-entropy {}", cell.dir(), accuracy, crossEntropy);
            Scores scores = pgd(spark, subset, cell, model, settings, seed, accuracy, crossEntropy);
            LOG.info("PGD on {}: {} of {} correct unattacked, per epsilon {}", cell.dir(), scores.cleanCorrect(),
                    scores.attacked(), scores.correct());
            out.put(cell.dir(), scores);
            features.unpersist();
        }
        return out;
    }

    /** The encoder's representation of every row, computed on the executors. */
    private static Dataset<Row> represent(SparkSession spark, Dataset<Row> rows, ExecutorModels.Source cell,
            RetrainSettings settings) {
        StructType schema = new StructType().add("sample_id", DataTypes.StringType)
                .add("split", DataTypes.StringType).add("label", DataTypes.DoubleType)
                .add(REPRESENTATION, SQLDataTypes.VectorType());
        JavaRDD<Row> extracted = rows.withColumn("label", col("label").cast("double")).javaRDD()
                .mapPartitions(new RepresentationExtractor(cell, settings.evalBatchSize(), settings.device()));
        return spark.createDataFrame(extracted, schema).cache();
    }

    /** The test rows PGD attacks: the {@code count} whose seeded key of the sample id is smallest. */
    private static Dataset<Row> pgdSubset(Dataset<Row> table, int count, long seed) {
        List<String> ids = new ArrayList<>(table.filter(col("split").equalTo("test")).select("sample_id")
                .as(org.apache.spark.sql.Encoders.STRING()).collectAsList());
        long salt = Seeds.mix(seed, Seeds.key("pgd-subset"));
        ids.sort(Comparator.comparingLong((String id) -> Seeds.mix(salt, Seeds.key(id))).thenComparing(id -> id));
        List<String> chosen = ids.subList(0, Math.min(count, ids.size()));
        return table.filter(col("split").equalTo("test").and(col("sample_id").isin(chosen.toArray())))
                .select(col("sample_id"), col("label"), col("features"));
    }

    private static Scores pgd(SparkSession spark, Dataset<Row> subset, ExecutorModels.Source cell,
            LogisticRegressionModel model, RetrainSettings settings, long seed, double accuracy,
            double crossEntropy) {
        RetrainSettings.LinearScoring linear = settings.linear();
        int size = linear.pgdSamples() == 0 ? 0 : Math.toIntExact(subset.count());
        List<Long> correct = new ArrayList<>();
        if (size == 0) {
            return new Scores(accuracy, crossEntropy, 0, 0, correct);
        }
        spark.sparkContext().setJobDescription("evaluate: PGD on " + size + " test images through " + cell.dir());
        Matrix coefficients = model.coefficientMatrix();
        float[][] weights = new float[coefficients.numRows()][coefficients.numCols()];
        for (int c = 0; c < weights.length; c++) {
            for (int f = 0; f < weights[c].length; f++) {
                weights[c][f] = (float) coefficients.apply(c, f);
            }
        }
        double[] intercepts = model.interceptVector().toArray();
        float[] intercept = new float[intercepts.length];
        for (int c = 0; c < intercept.length; c++) {
            intercept[c] = (float) intercepts[c];
        }
        long[] counts = subset.repartition(linear.partitions(), col("sample_id")).sortWithinPartitions("sample_id")
                .javaRDD().mapPartitions(new PgdScorer(cell, weights, intercept, linear.epsilonFractions(),
                        linear.pgdSteps(), linear.pgdStepSize(), settings.evalBatchSize(),
                        Seeds.mix(seed, Seeds.key("pgd")), settings.device()))
                .reduce(LinearEvaluation::add);
        for (int e = 1; e < counts.length; e++) {
            correct.add(counts[e]);
        }
        return new Scores(accuracy, crossEntropy, size, counts[0], correct);
    }

    private static long[] add(long[] a, long[] b) {
        long[] out = a.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] += b[i];
        }
        return out;
    }
}
