package org.uaespark.experiment;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.stat.StatUtils;
import org.apache.commons.math3.stat.inference.TTest;

/**
 * How one arm's repeats differ from a control's: the difference of means with its 95 % confidence interval and
 * the two-sided t-test p-value, computed with Apache Commons Math. <b>Paired</b> where the two arms' cells share
 * their training seeds by repeat index (cell r of every arm of a grid trains from the seed of repeat r: the test
 * of the mean of the r-wise differences, n − 1 degrees of freedom), <b>Welch's</b> unequal-variance test otherwise
 * (Welch–Satterthwaite degrees of freedom). A comparison belongs to a family (the other comparisons of its table)
 * whose p-values are adjusted together ({@link HolmBonferroni}, {@link #adjusted}); the {@link #verdict()} calls a
 * difference a gain or a loss only when the <em>adjusted</em> p-value is below 5 %. The interval is the
 * unadjusted 95 % interval of this comparison alone. With fewer than two repeats (or pairs), or no spread, there
 * is no test and the test's fields are null. The nullable components accept null when the metrics file is read
 * back (the strict sidecar reader refuses null elsewhere).
 *
 * @param difference     arm mean − control mean
 * @param controlMean    the control's mean
 * @param percent        the difference as a percentage of the control mean
 * @param low            lower end of the 95 % confidence interval of the difference; null without a test
 * @param high           upper end; null without a test
 * @param pValue         two-sided p-value of the test alone; null without a test
 * @param pAdjusted      the p-value adjusted for its family (Holm–Bonferroni); equal to {@code pValue} in a family
 *                       of one (the declared primary comparison); null without a test
 * @param test           {@link #PAIRED} or {@link #WELCH}; null without a test
 * @param familySize     how many tested comparisons the adjustment covered (1 for the primary comparison; 0 without
 *                       a test)
 * @param primary        whether this is its model's declared primary comparison, tested alone at 5 %
 * @param lowerIsBetter  whether a smaller value is a gain (errors, losses) or a larger one (accuracies)
 * @param verdict        {@link #GAIN}, {@link #LOSS}, {@link #NOT_SIGNIFICANT} or {@link #UNTESTED}
 * @param armRepeats     repeats of the arm
 * @param controlRepeats repeats of the control
 */
@JsonPropertyOrder(alphabetic = true)
public record Comparison(double difference, double controlMean, double percent, @JsonSetter(nulls = Nulls.SET) Double low,
        @JsonSetter(nulls = Nulls.SET) Double high, @JsonSetter(nulls = Nulls.SET) Double pValue,
        @JsonSetter(nulls = Nulls.SET) Double pAdjusted, @JsonSetter(nulls = Nulls.SET) String test, int familySize,
        boolean primary, boolean lowerIsBetter, String verdict, int armRepeats, int controlRepeats) {
    /** Significantly better than the control (lower error, or higher accuracy). */
    public static final String GAIN = "gain";
    /** Significantly worse than the control. */
    public static final String LOSS = "loss";
    /** The adjusted p-value is 5 % or more. */
    public static final String NOT_SIGNIFICANT = "not significant";
    /** Too few repeats, or none of them vary: nothing can be said. */
    public static final String UNTESTED = "untested";
    /** The paired t-test on repeat-wise differences. */
    public static final String PAIRED = "paired t";
    /** Welch's unequal-variance t-test. */
    public static final String WELCH = "Welch t";

    /** The significance level of the verdict and the confidence of the interval's complement. */
    public static final double ALPHA = 0.05;

    /**
     * Compares the repeats of an arm with a control's, each keyed by repeat index: paired when both hold the same
     * repeat indices (so that every arm value has the control value trained from its seed), Welch's test otherwise.
     *
     * @param lowerIsBetter whether a smaller value is a gain (errors, losses) or a larger one (accuracies)
     */
    public static Comparison byRepeat(Map<Integer, Double> arm, Map<Integer, Double> control, boolean lowerIsBetter) {
        if (arm.keySet().equals(control.keySet())) {
            List<Integer> repeats = arm.keySet().stream().sorted().toList();
            return paired(repeats.stream().map(arm::get).toList(), repeats.stream().map(control::get).toList(),
                    lowerIsBetter);
        }
        return welch(List.copyOf(arm.values()), List.copyOf(control.values()), lowerIsBetter);
    }

    /** The paired comparison of {@code arm.get(i)} with {@code control.get(i)}, alone (a family of one). */
    public static Comparison paired(List<Double> arm, List<Double> control, boolean lowerIsBetter) {
        double[] a = values(arm);
        double[] c = values(control);
        if (a.length != c.length) {
            throw new IllegalArgumentException("a paired comparison needs as many control values as arm values, not "
                    + c.length + " and " + a.length);
        }
        double controlMean = StatUtils.mean(c);
        double difference = StatUtils.mean(a) - controlMean;
        if (a.length < 2) {
            return untested(difference, controlMean, a.length, c.length, lowerIsBetter);
        }
        double[] d = new double[a.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = a[i] - c[i];
        }
        double se = Math.sqrt(StatUtils.variance(d) / d.length);
        if (!(se > 0)) {
            return untested(difference, controlMean, a.length, c.length, lowerIsBetter);
        }
        return tested(difference, controlMean, se, d.length - 1, new TTest().pairedTTest(a, c), PAIRED, a.length,
                c.length, lowerIsBetter);
    }

    /** Welch's comparison of two independent groups, alone (a family of one). */
    public static Comparison welch(List<Double> arm, List<Double> control, boolean lowerIsBetter) {
        double[] a = values(arm);
        double[] c = values(control);
        double controlMean = StatUtils.mean(c);
        double difference = StatUtils.mean(a) - controlMean;
        if (a.length < 2 || c.length < 2) {
            return untested(difference, controlMean, a.length, c.length, lowerIsBetter);
        }
        double va = StatUtils.variance(a) / a.length;
        double vc = StatUtils.variance(c) / c.length;
        double se = Math.sqrt(va + vc);
        if (!(se > 0)) {
            return untested(difference, controlMean, a.length, c.length, lowerIsBetter);
        }
        double df = (va + vc) * (va + vc) / (va * va / (a.length - 1) + vc * vc / (c.length - 1));
        return tested(difference, controlMean, se, df, new TTest().tTest(a, c), WELCH, a.length, c.length,
                lowerIsBetter);
    }

    /**
     * This comparison within its family: {@code adjustedP} is its family-adjusted p-value, which now decides the
     * verdict. Without a test it stays untested.
     */
    public Comparison adjusted(double adjustedP, int family, boolean isPrimary) {
        if (pValue == null) {
            return this;
        }
        if (adjustedP < pValue || adjustedP > 1) {
            throw new IllegalArgumentException("an adjusted p-value lies between the raw one (" + pValue + ") and 1, not "
                    + adjustedP);
        }
        return new Comparison(difference, controlMean, percent, low, high, pValue, adjustedP, test, family, isPrimary,
                lowerIsBetter, verdict(adjustedP, difference, lowerIsBetter), armRepeats, controlRepeats);
    }

    /** Whether the verdict is a significant difference either way. */
    public boolean significant() {
        return GAIN.equals(verdict) || LOSS.equals(verdict);
    }

    /**
     * The comparison in one phrase, relative to the control's mean: {@code −1.20 % [−2.00, −0.40], paired t,
     * p = 0.0087, Holm 0.035 of 4, gain}; without a test, {@code −1.20 % (untested: 1 vs 3 repeats)}.
     */
    public String describe() {
        if (pValue == null) {
            return String.format(Locale.ROOT, "%+.2f %% (untested: %d vs %d repeats)", percent, armRepeats,
                    controlRepeats);
        }
        String family = primary ? "primary" : familySize == 1 ? "alone"
                : String.format(Locale.ROOT, "Holm %.2g of %d", pAdjusted, familySize);
        return String.format(Locale.ROOT, "%+.2f %% [%+.2f, %+.2f], %s, p = %.2g, %s, %s", percent,
                100 * low / controlMean, 100 * high / controlMean, test, pValue, family, verdict);
    }

    private static Comparison tested(double difference, double controlMean, double se, double df, double p,
            String test, int armRepeats, int controlRepeats, boolean lowerIsBetter) {
        double half = new TDistribution(null, df).inverseCumulativeProbability(1 - ALPHA / 2) * se;
        return new Comparison(difference, controlMean, 100 * difference / controlMean, difference - half,
                difference + half, p, p, test, 1, false, lowerIsBetter, verdict(p, difference, lowerIsBetter),
                armRepeats, controlRepeats);
    }

    private static Comparison untested(double difference, double controlMean, int armRepeats, int controlRepeats,
            boolean lowerIsBetter) {
        return new Comparison(difference, controlMean, 100 * difference / controlMean, null, null, null, null, null, 0,
                false, lowerIsBetter, UNTESTED, armRepeats, controlRepeats);
    }

    private static String verdict(double p, double difference, boolean lowerIsBetter) {
        return p >= ALPHA ? NOT_SIGNIFICANT : (difference < 0) == lowerIsBetter ? GAIN : LOSS;
    }

    private static double[] values(List<Double> list) {
        if (list.isEmpty()) {
            throw new IllegalArgumentException("a comparison needs values in both arms");
        }
        return list.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
