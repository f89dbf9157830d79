package org.uaespark.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Welch's test of an arm against a control, against values computed independently with SciPy 1.17
 * ({@code scipy.stats.ttest_ind(a, b, equal_var=False)} and its {@code confidence_interval(0.95)}).
 */
class ComparisonTest {
    private static final List<Double> LOWER_ERRORS = List.of(0.0101, 0.0104, 0.0099);
    private static final List<Double> CONTROL_ERRORS = List.of(0.0110, 0.0108, 0.0113, 0.0109);

    @Test
    void welchIntervalAndPValueMatchScipyOnUnequalGroups() {
        Comparison c = Comparison.of(LOWER_ERRORS, CONTROL_ERRORS, true);
        assertEquals(-0.0008666666666666666, c.difference(), 1e-15);
        assertEquals(0.008699652281119017, c.pValue(), 1e-9);
        assertEquals(-0.0013690472759554796, c.low(), 1e-12);
        assertEquals(-0.0003642860573778537, c.high(), 1e-12);
        assertEquals(100 * c.difference() / 0.0110, c.percent(), 1e-9);
        assertEquals(3, c.armRepeats());
        assertEquals(4, c.controlRepeats());
        assertEquals(Comparison.GAIN, c.verdict(), "lower error, p < 0.05");
        assertTrue(c.significant());
    }

    @Test
    void theDirectionOfAGainFollowsTheMetric() {
        assertEquals(Comparison.LOSS, Comparison.of(LOWER_ERRORS, CONTROL_ERRORS, false).verdict(),
                "lower accuracy is a loss");
        assertEquals(Comparison.LOSS, Comparison.of(CONTROL_ERRORS, LOWER_ERRORS, true).verdict(),
                "higher error is a loss");
        assertEquals(Comparison.GAIN, Comparison.of(CONTROL_ERRORS, LOWER_ERRORS, false).verdict(),
                "higher accuracy is a gain");
    }

    @Test
    void overlappingGroupsAreNotSignificant() {
        Comparison c = Comparison.of(List.of(81.2, 80.9, 81.5, 81.1, 80.7), List.of(80.8, 81.0, 80.6, 80.9, 81.2),
                false);
        assertEquals(0.31926564982351574, c.pValue(), 1e-9);
        assertEquals(-0.21461267140872892, c.low(), 1e-9);
        assertEquals(0.5746126714087425, c.high(), 1e-9);
        assertEquals(Comparison.NOT_SIGNIFICANT, c.verdict(), "a positive difference whose interval holds zero");
        assertTrue(!c.significant());
        assertTrue(c.describe().contains("not significant") && c.describe().contains("p = 0.32"), c.describe());
    }

    @Test
    void withoutTwoRepeatsOrAnySpreadNothingIsTested() {
        Comparison single = Comparison.of(List.of(0.010), CONTROL_ERRORS, true);
        assertEquals(Comparison.UNTESTED, single.verdict());
        assertNull(single.pValue());
        assertNull(single.low());
        assertEquals(0.010 - 0.0110, single.difference(), 1e-15);
        assertTrue(single.describe().contains("untested: 1 vs 4 repeats"), single.describe());
        Comparison constant = Comparison.of(List.of(0.01, 0.01), List.of(0.02, 0.02), true);
        assertEquals(Comparison.UNTESTED, constant.verdict(), "no spread: the t statistic is undefined");
        assertThrows(IllegalArgumentException.class, () -> Comparison.of(List.of(), CONTROL_ERRORS, true));
    }
}
