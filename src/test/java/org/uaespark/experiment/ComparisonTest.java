package org.uaespark.experiment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/**
 * The paired and Welch tests of an arm against a control, and Holm's adjustment of a family, against values
 * computed independently: SciPy's {@code ttest_rel} and {@code ttest_ind(equal_var=False)} with their 95 %
 * intervals, and Holm's step-down rule in numpy ({@code src/test/resources/statistics/make_fixture.py}, which
 * wrote {@code comparisons.json}).
 */
class ComparisonTest {
    private static final double P_TOLERANCE = 1e-9;

    private static JsonNode fixture() throws IOException {
        try (InputStream in = ComparisonTest.class.getResourceAsStream("/statistics/comparisons.json")) {
            return new ObjectMapper().readTree(in);
        }
    }

    private static List<Double> list(JsonNode values) {
        List<Double> out = new ArrayList<>();
        values.forEach(v -> out.add(v.asDouble()));
        return out;
    }

    @Test
    void pairedAndWelchTestsMatchScipy() throws IOException {
        JsonNode cases = fixture().get("cases");
        assertTrue(cases.size() >= 15);
        for (JsonNode c : cases) {
            List<Double> arm = list(c.get("arm"));
            List<Double> control = list(c.get("control"));
            Comparison paired = Comparison.paired(arm, control, true);
            Comparison welch = Comparison.welch(arm, control, true);
            for (Object[] check : new Object[][] {{paired, c.get("paired"), Comparison.PAIRED},
                    {welch, c.get("welch"), Comparison.WELCH}}) {
                Comparison got = (Comparison) check[0];
                JsonNode want = (JsonNode) check[1];
                String what = check[2] + " on " + arm + " vs " + control;
                assertEquals(check[2], got.test(), what);
                assertEquals(want.get("p").asDouble(), got.pValue(), P_TOLERANCE, what);
                double scale = Math.abs(want.get("high").asDouble() - want.get("low").asDouble());
                assertEquals(want.get("low").asDouble(), got.low(), 1e-9 * scale, what);
                assertEquals(want.get("high").asDouble(), got.high(), 1e-9 * scale, what);
                assertEquals(got.pValue(), got.pAdjusted(), "alone, a comparison is its own family");
                assertEquals(1, got.familySize());
            }
        }
    }

    @Test
    void pairingRemovesTheSharedSeedsVariance() throws IOException {
        int pairedSignificant = 0;
        int welchSignificant = 0;
        for (JsonNode c : fixture().get("cases")) {
            pairedSignificant += c.at("/paired/p").asDouble() < Comparison.ALPHA ? 1 : 0;
            welchSignificant += c.at("/welch/p").asDouble() < Comparison.ALPHA ? 1 : 0;
        }
        assertTrue(pairedSignificant > welchSignificant + 3, "the fixture's cases share a seed effect much larger "
                + "than their noise: paired " + pairedSignificant + ", Welch " + welchSignificant);
    }

    @Test
    void holmMatchesTheStepDownRuleComputedByNumpy() throws IOException {
        for (JsonNode family : fixture().get("holm")) {
            double[] p = list(family.get("p")).stream().mapToDouble(Double::doubleValue).toArray();
            double[] want = list(family.get("adjusted")).stream().mapToDouble(Double::doubleValue).toArray();
            assertArrayEquals(want, HolmBonferroni.adjust(p), 1e-15, family.toString());
        }
        assertThrows(IllegalArgumentException.class, () -> HolmBonferroni.adjust(new double[] {0.2, 1.5}));
        assertEquals(0, HolmBonferroni.adjust(new double[0]).length);
    }

    @Test
    void byRepeatPairsOnlyWhenBothArmsHoldTheSameRepeats() {
        Map<Integer, Double> arm = new LinkedHashMap<>(Map.of(0, 0.0101, 1, 0.0104, 2, 0.0099));
        Map<Integer, Double> control = new LinkedHashMap<>(Map.of(2, 0.0100, 0, 0.0108, 1, 0.0113));
        Comparison paired = Comparison.byRepeat(arm, control, true);
        assertEquals(Comparison.PAIRED, paired.test());
        assertEquals(Comparison.paired(List.of(0.0101, 0.0104, 0.0099), List.of(0.0108, 0.0113, 0.0100), true)
                .pValue(), paired.pValue(), "pairs by repeat index, not by the maps' order");
        control.put(3, 0.0109);
        assertEquals(Comparison.WELCH, Comparison.byRepeat(arm, control, true).test());
        assertThrows(IllegalArgumentException.class,
                () -> Comparison.paired(List.of(1.0, 2.0), List.of(1.0), true));
    }

    @Test
    void theVerdictFollowsTheAdjustedPValueAndTheMetricsDirection() {
        List<Double> lower = List.of(0.0101, 0.0104, 0.0099);
        List<Double> higher = List.of(0.0110, 0.0114, 0.0108);
        Comparison gain = Comparison.paired(lower, higher, true);
        assertTrue(gain.pValue() < 0.01, gain.describe());
        assertEquals(Comparison.GAIN, gain.verdict());
        assertEquals(Comparison.LOSS, Comparison.paired(lower, higher, false).verdict(), "lower accuracy is a loss");
        assertEquals(Comparison.LOSS, Comparison.paired(higher, lower, true).verdict(), "higher error is a loss");
        Comparison inFamily = gain.adjusted(Math.min(1, 50 * gain.pValue()), 50, false);
        assertEquals(Comparison.NOT_SIGNIFICANT, inFamily.verdict(), "significant alone, not among fifty: "
                + inFamily.describe());
        assertFalse(inFamily.significant());
        assertEquals(gain.pValue(), inFamily.pValue(), "the raw p-value is kept beside the adjusted one");
        assertTrue(inFamily.describe().contains("Holm") && inFamily.describe().contains("of 50"),
                inFamily.describe());
        assertThrows(IllegalArgumentException.class, () -> gain.adjusted(gain.pValue() / 2, 2, false),
                "an adjustment never lowers a p-value");
    }

    @Test
    void aFamilyAdjustsAllButItsPrimaryComparison() {
        List<Double> lower = List.of(0.0101, 0.0104, 0.0099);
        List<Double> higher = List.of(0.0110, 0.0114, 0.0108);
        List<Double> same = List.of(0.0111, 0.0107, 0.0112);
        Map<String, Map<String, Comparison>> table = new LinkedHashMap<>();
        table.put("mine", Map.of("duplicate", Comparison.paired(lower, higher, true),
                "original", Comparison.paired(lower, same, true)));
        table.put("l2", Map.of("duplicate", Comparison.paired(same, higher, true),
                "original", Comparison.paired(List.of(0.01), List.of(0.02), true)));
        Map<String, Map<String, Comparison>> adjusted = ComparisonFamily.adjust(table,
                Optional.of(new ComparisonFamily.Key("mine", "duplicate")));
        Comparison primary = adjusted.get("mine").get("duplicate");
        assertTrue(primary.primary());
        assertEquals(primary.pValue(), primary.pAdjusted());
        assertEquals(1, primary.familySize());
        double[] others = {table.get("mine").get("original").pValue(), table.get("l2").get("duplicate").pValue()};
        double[] want = HolmBonferroni.adjust(others);
        assertEquals(want[0], adjusted.get("mine").get("original").pAdjusted());
        assertEquals(want[1], adjusted.get("l2").get("duplicate").pAdjusted());
        assertEquals(2, adjusted.get("l2").get("duplicate").familySize(), "the untested comparison takes no part");
        Comparison untested = adjusted.get("l2").get("original");
        assertEquals(Comparison.UNTESTED, untested.verdict());
        assertNull(untested.pAdjusted());
    }

    @Test
    void withoutTwoRepeatsOrAnySpreadNothingIsTested() {
        Comparison single = Comparison.welch(List.of(0.010), List.of(0.0110, 0.0108), true);
        assertEquals(Comparison.UNTESTED, single.verdict());
        assertNull(single.pValue());
        assertNull(single.test());
        assertNull(single.low());
        assertEquals(0.010 - 0.0109, single.difference(), 1e-15);
        assertTrue(single.describe().contains("untested: 1 vs 2 repeats"), single.describe());
        Comparison constant = Comparison.paired(List.of(1.0, 2.0), List.of(2.0, 3.0), true);
        assertEquals(Comparison.UNTESTED, constant.verdict(), "the same difference in every pair: no spread");
        assertThrows(IllegalArgumentException.class, () -> Comparison.welch(List.of(), List.of(1.0), true));
    }
}
