package org.uaespark.pipeline;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import org.uaespark.experiment.Comparison;
import org.uaespark.pipeline.store.Json;

/**
 * The evaluate stage's {@code metrics.json}: the test error of every grid cell, and per model and arm its mean
 * over repeats next to the controls (paired or Welch t-tests of the difference, Holm-adjusted per table), the ASR and the paper's number. Fields
 * are written in alphabetical order.
 *
 * @param cells       every grid cell's test error
 * @param dataset     the dataset evaluated on
 * @param improvement how {@link Arm#improvementPercent()} is computed
 * @param metric      what the errors measure
 * @param models      per model (sorted by name when written)
 * @param run         the run
 * @param testRows    rows of the test split
 * @param vsDuplicate how {@link Arm#vsDuplicatePercent()} is computed
 */
@JsonPropertyOrder(alphabetic = true)
public record EvaluationMetrics(List<Cell> cells, String dataset, String improvement, String metric,
        Map<String, Model> models, String run, long testRows, String vsDuplicate) {

    /**
     * @param arms    the model's arms (sorted by name when written)
     * @param primary its declared primary comparison; null when the grid lacks a MINE-UAE arm or both
     *                compute-matched controls
     */
    @JsonPropertyOrder(alphabetic = true)
    public record Model(Map<String, Arm> arms, @Json.Nullable Primary primary) {
    }

    /**
     * The comparison declared primary before the run, tested alone at 5 %: the grid's first MINE-UAE arm against
     * the better (by mean) of the compute-matched controls {@code duplicate} and {@code original-2x}, on the model's
     * headline metric (the ExtraTrees accuracy of a feature-selecting model, the linear accuracy of a contrastive
     * one, else the test error). Every other comparison of a table is Holm-adjusted with the rest of its table.
     *
     * @param metric     {@link #TEST_ERROR}, {@link #EXTRA_TREES} or {@link #LINEAR_ACCURACY}
     * @param arm        the MINE-UAE arm
     * @param control    the control it is compared with
     * @param comparison the comparison (also in the arm's table of that metric)
     */
    @JsonPropertyOrder(alphabetic = true)
    public record Primary(String metric, String arm, String control, Comparison comparison) {
        /** The test error (lower is better). */
        public static final String TEST_ERROR = "test error";
        /** The ExtraTrees accuracy on the selected features (higher is better). */
        public static final String EXTRA_TREES = "ExtraTrees accuracy";
        /** The linear-evaluation accuracy (higher is better). */
        public static final String LINEAR_ACCURACY = "linear accuracy";
    }

    /**
     * One model and arm over its repeats.
     *
     * @param asr                     ASR of the arm's augmentation under the original model; null for plain arms
     * @param epochs                  epochs trained
     * @param improvementPercent      (original − arm) / original × 100; null without the original arm
     * @param mean                    mean test error over the repeats
     * @param paper                   the paper's number for this dataset, model and method (Table 2 or 3); null where
     *                                it has none
     * @param paperImprovementPercent the paper's improvement over its original; null where it has none
     * @param std                     sample standard deviation over repeats; null for one repeat
     * @param trainRows               rows trained on
     * @param values                  test error of each repeat
     * @param vsDuplicatePercent      (duplicate − arm) / duplicate × 100 for augmented arms; else null
     * @param versus                  the test error against each control of the grid (original, duplicate,
     *                                original-2x) other than the arm itself, and for a stacked arm also against its
     *                                base arm and {@code <base>~duplicate}: the interval, raw and adjusted p-values and verdict
     * @param selection               a feature-selecting model's selections and their accuracy; absent for others
     * @param linear                  a contrastive model's linear evaluation and PGD robustness; absent for others
     */
    @JsonPropertyOrder(alphabetic = true)
    public record Arm(@Json.Nullable Double asr, int epochs, @Json.Nullable Double improvementPercent, double mean,
            @Json.Nullable Double paper, @Json.Nullable Double paperImprovementPercent, @Json.Nullable Double std,
            int trainRows, List<Double> values, @Json.Nullable Double vsDuplicatePercent,
            Map<String, Comparison> versus,
            @JsonInclude(JsonInclude.Include.NON_NULL) @Json.Nullable Selection selection,
            @JsonInclude(JsonInclude.Include.NON_NULL) @Json.Nullable Linear linear) {
    }

    /**
     * Table 4: linear evaluation of an arm's frozen encoders and their robustness to PGD (appendix B.11).
     *
     * @param accuracy     test top-1 accuracy of MLlib's logistic regression on the pooled features, per repeat
     * @param crossEntropy its test cross-entropy per repeat (what the paper's "Loss" most likely is: spec 10.14)
     * @param attacked     test images in the seeded PGD subset
     * @param cleanCorrect how many of them each repeat classifies correctly unattacked
     * @param pgd          per ε, how many stay correct under PGD
     * @param paper        the paper's linear-evaluation accuracy for this dataset and method; null where it has none
     * @param paperLoss    the paper's test loss; null where it has none
     * @param accuracyVersus the accuracy against each control of the grid other than the arm itself
     */
    @JsonPropertyOrder(alphabetic = true)
    public record Linear(Summary accuracy, Summary crossEntropy, int attacked, Summary cleanCorrect, List<Pgd> pgd,
            @Json.Nullable Double paper, @Json.Nullable Double paperLoss, Map<String, Comparison> accuracyVersus) {
    }

    /**
     * One ε of the PGD check.
     *
     * @param epsilon255 the L∞ budget in 255ths of the pixel range
     * @param correct    images still classified correctly, over the arm's repeats
     */
    @JsonPropertyOrder(alphabetic = true)
    public record Pgd(double epsilon255, Summary correct) {
    }

    /**
     * Table 3: the features an arm's models selected and how well classifiers do on them.
     *
     * @param extraTrees    test accuracy of extremely randomized trees fit on the selected columns of the original
     *                      train rows, per repeat
     * @param features      each repeat's selected features (node order)
     * @param paper         the paper's ExtraTrees accuracy for this dataset and method; null where it has none
     * @param randomForest  the same with Spark MLlib's random forest; null when not fit
     * @param extraTreesVersus the ExtraTrees accuracy against each control of the grid other than the arm itself
     * @param meanMaxProbability per repeat, the selector's mean over nodes of its largest selection probability (a
     *                      selection has converged at 0.998); null where a cell's provenance predates it
     */
    @JsonPropertyOrder(alphabetic = true)
    public record Selection(Summary extraTrees, List<List<Integer>> features, @Json.Nullable Double paper,
            @Json.Nullable Summary randomForest, Map<String, Comparison> extraTreesVersus,
            @Json.Nullable Summary meanMaxProbability) {
    }

    /**
     * A metric over an arm's repeats.
     *
     * @param mean   mean
     * @param std    sample standard deviation; null for one repeat
     * @param values each repeat's value
     */
    @JsonPropertyOrder(alphabetic = true)
    public record Summary(double mean, @Json.Nullable Double std, List<Double> values) {
        /** The summary of {@code values}. */
        public static Summary of(List<Double> values) {
            double mean = values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
            double std = Math.sqrt(values.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum()
                    / Math.max(1, values.size() - 1));
            return new Summary(mean, values.size() > 1 ? std : null, values);
        }
    }

    /**
     * One grid cell.
     *
     * @param arm               its arm
     * @param cell              its folder name
     * @param model             its model
     * @param repeat            its repeat
     * @param testMse           test per-pixel MSE scored by the evaluate stage
     * @param testMseAtTraining test per-pixel MSE measured when it was trained; null without test rows
     */
    @JsonPropertyOrder(alphabetic = true)
    public record Cell(String arm, String cell, String model, int repeat, double testMse,
            @Json.Nullable Double testMseAtTraining) {
    }
}
