package org.uaespark.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import org.uaespark.experiment.Comparison;
import org.uaespark.experiment.HolmBonferroni;

/** Checks of the comparisons a {@code metrics.json} holds against how they are defined. */
public final class ComparisonChecks {
    private ComparisonChecks() {
    }

    /** A written comparison's verdict is decided by its adjusted p-value, in the direction of its metric. */
    public static void verdictFollowsAdjustedP(JsonNode c, String what) {
        if (c.get("pValue").isNull()) {
            assertEquals(Comparison.UNTESTED, c.get("verdict").asText(), what);
            return;
        }
        double adjusted = c.get("pAdjusted").asDouble();
        assertTrue(adjusted >= c.get("pValue").asDouble(), what);
        boolean gainDirection = (c.get("difference").asDouble() < 0) == c.get("lowerIsBetter").asBoolean();
        String want = adjusted >= Comparison.ALPHA ? Comparison.NOT_SIGNIFICANT
                : gainDirection ? Comparison.GAIN : Comparison.LOSS;
        assertEquals(want, c.get("verdict").asText(), what);
    }

    /**
     * Every comparison of one table ({@code field} of every arm of {@code arms}: a control → comparison object)
     * has the verdict of its adjusted p-value, and the non-primary tested ones were adjusted together as one Holm
     * family.
     */
    public static void tableIsOneHolmFamily(JsonNode arms, String field) {
        List<JsonNode> family = new ArrayList<>();
        arms.fields().forEachRemaining(arm -> {
            JsonNode table = arm.getValue().at(field);
            table.fields().forEachRemaining(control -> {
                JsonNode c = control.getValue();
                verdictFollowsAdjustedP(c, arm.getKey() + " vs " + control.getKey());
                if (!c.get("pValue").isNull() && !c.get("primary").asBoolean()) {
                    family.add(c);
                }
            });
        });
        double[] want = HolmBonferroni.adjust(family.stream().mapToDouble(c -> c.get("pValue").asDouble()).toArray());
        for (int i = 0; i < want.length; i++) {
            assertEquals(want[i], family.get(i).get("pAdjusted").asDouble(), 1e-15, family.get(i).toString());
            assertEquals(want.length, family.get(i).get("familySize").asInt());
        }
    }
}
