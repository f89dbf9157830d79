package org.uaespark.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.uaespark.experiment.Comparison;

/**
 * Each model's declared primary comparison in one sentence a newcomer reads without the tables: what MINE-UAE
 * changed against the better compute-matched control, by how much, and whether the test says it is real.
 */
public final class Headline {
    private Headline() {
    }

    /** One line per model with a primary comparison, e.g. {@code headline dense: MINE-UAE (mine-quick) ...}. */
    public static List<String> of(EvaluationMetrics metrics) {
        List<String> lines = new ArrayList<>();
        metrics.models().forEach((model, m) -> {
            EvaluationMetrics.Primary p = m.primary();
            if (p != null) {
                lines.add("headline " + model + ": " + sentence(p));
            }
        });
        return lines;
    }

    private static String sentence(EvaluationMetrics.Primary p) {
        Comparison c = p.comparison();
        boolean error = EvaluationMetrics.Primary.TEST_ERROR.equals(p.metric());
        String change = error ? String.format(Locale.ROOT, "%+.1f %%", c.percent())
                : String.format(Locale.ROOT, "%+.2f points", 100 * c.difference());
        String better = c.difference() == 0 ? "no change" : (c.difference() < 0) == c.lowerIsBetter() ? "better"
                : "worse";
        String verdict = switch (c.verdict()) {
            case Comparison.GAIN -> "a real gain over the extra rows or steps alone";
            case Comparison.LOSS -> "a real loss against the extra rows or steps alone";
            case Comparison.NOT_SIGNIFICANT -> "no difference the test can tell from chance: the control, which "
                    + "involves no adversarial examples, does as well";
            default -> "too few repeats to test";
        };
        return String.format(Locale.ROOT, "MINE-UAE (%s) changed the %s by %s (%s) against its compute-matched "
                + "control %s%s: %s.", p.arm(), p.metric(), change, better, p.control(),
                c.pValue() == null ? "" : String.format(Locale.ROOT, " (%s, p = %.2g)", c.test(), c.pValue()), verdict);
    }
}
