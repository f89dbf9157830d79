package org.uaespark.experiment;

import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.stat.StatUtils;
import org.apache.commons.math3.stat.inference.TTest;

/**
 * How one arm's repeats differ from a control's: the difference of means with Welch's 95 % confidence interval
 * (Welch–Satterthwaite degrees of freedom) and the two-sided Welch t-test p-value, computed with Apache Commons
 * Math. The {@link #verdict()} calls a difference a gain or a loss only when it is significant at 5 %; with fewer
 * than two repeats in either arm, or no spread at all in both, there is no test and the fields are null. The
 * nullable components accept null when the metrics file is read back (the strict sidecar reader refuses null
 * elsewhere).
 *
 * @param difference  arm mean − control mean
 * @param controlMean the control's mean
 * @param percent     the difference as a percentage of the control mean
 * @param low         lower end of the 95 % confidence interval of the difference; null without a test
 * @param high        upper end; null without a test
 * @param pValue      two-sided Welch t-test p-value; null without a test
 * @param verdict     {@link #GAIN}, {@link #LOSS}, {@link #NOT_SIGNIFICANT} or {@link #UNTESTED}
 * @param armRepeats  repeats of the arm
 * @param controlRepeats repeats of the control
 */
@JsonPropertyOrder(alphabetic = true)
public record Comparison(double difference, double controlMean, double percent, @JsonSetter(nulls = Nulls.SET) Double low,
        @JsonSetter(nulls = Nulls.SET) Double high, @JsonSetter(nulls = Nulls.SET) Double pValue, String verdict,
        int armRepeats, int controlRepeats) {
    /** Significantly better than the control (lower error, or higher accuracy). */
    public static final String GAIN = "gain";
    /** Significantly worse than the control. */
    public static final String LOSS = "loss";
    /** The interval contains zero. */
    public static final String NOT_SIGNIFICANT = "not significant";
    /** Too few repeats, or none of them vary: nothing can be said. */
    public static final String UNTESTED = "untested";

    /** The significance level of the verdict and the confidence of the interval's complement. */
    public static final double ALPHA = 0.05;

    /**
     * Compares {@code arm} with {@code control}.
     *
     * @param lowerIsBetter whether a smaller value is a gain (errors, losses) or a larger one (accuracies)
     */
    public static Comparison of(List<Double> arm, List<Double> control, boolean lowerIsBetter) {
        double[] a = arm.stream().mapToDouble(Double::doubleValue).toArray();
        double[] c = control.stream().mapToDouble(Double::doubleValue).toArray();
        if (a.length == 0 || c.length == 0) {
            throw new IllegalArgumentException("a comparison needs values in both arms");
        }
        double controlMean = StatUtils.mean(c);
        double difference = StatUtils.mean(a) - controlMean;
        double percent = 100 * difference / controlMean;
        if (a.length < 2 || c.length < 2) {
            return new Comparison(difference, controlMean, percent, null, null, null, UNTESTED, a.length, c.length);
        }
        double va = StatUtils.variance(a) / a.length;
        double vc = StatUtils.variance(c) / c.length;
        double se = Math.sqrt(va + vc);
        if (!(se > 0)) {
            return new Comparison(difference, controlMean, percent, null, null, null, UNTESTED, a.length, c.length);
        }
        double df = (va + vc) * (va + vc) / (va * va / (a.length - 1) + vc * vc / (c.length - 1));
        double half = new TDistribution(null, df).inverseCumulativeProbability(1 - ALPHA / 2) * se;
        double p = new TTest().tTest(a, c);
        String verdict = p >= ALPHA ? NOT_SIGNIFICANT : (difference < 0) == lowerIsBetter ? GAIN : LOSS;
        return new Comparison(difference, controlMean, percent, difference - half, difference + half, p, verdict,
                a.length, c.length);
    }

    /** Whether the verdict is a significant difference either way. */
    public boolean significant() {
        return GAIN.equals(verdict) || LOSS.equals(verdict);
    }

    /**
     * The comparison in one phrase, relative to the control's mean: {@code −1.20 % [−2.00, −0.40], p = 0.0087,
     * gain}; without a test, {@code −1.20 % (untested: 1 vs 3 repeats)}.
     */
    public String describe() {
        if (pValue == null) {
            return String.format(Locale.ROOT, "%+.2f %% (untested: %d vs %d repeats)", percent, armRepeats,
                    controlRepeats);
        }
        return String.format(Locale.ROOT, "%+.2f %% [%+.2f, %+.2f], p = %.2g, %s", percent,
                100 * low / controlMean, 100 * high / controlMean, pValue, verdict);
    }
}
