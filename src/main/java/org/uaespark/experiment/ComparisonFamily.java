package org.uaespark.experiment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One table's comparisons (every arm against every control, on one metric of one model) adjusted as a family.
 * The declared primary comparison, if the table has one, is tested alone at 5 % (a family of one, decided before
 * the run); every other tested comparison of the table is Holm–Bonferroni adjusted together
 * ({@link HolmBonferroni}). Untested comparisons take no part.
 */
public final class ComparisonFamily {
    private ComparisonFamily() {
    }

    /**
     * An arm and the control it is compared with.
     *
     * @param arm     the arm
     * @param control the control
     */
    public record Key(String arm, String control) {
    }

    /**
     * The table with every comparison adjusted, in the same order.
     *
     * @param table   per arm, its comparison with each control
     * @param primary the declared primary comparison, if the table holds it
     */
    public static Map<String, Map<String, Comparison>> adjust(Map<String, Map<String, Comparison>> table,
            Optional<Key> primary) {
        List<Key> family = new ArrayList<>();
        table.forEach((arm, versus) -> versus.forEach((control, c) -> {
            Key key = new Key(arm, control);
            if (c.pValue() != null && !primary.equals(Optional.of(key))) {
                family.add(key);
            }
        }));
        double[] adjusted = HolmBonferroni.adjust(family.stream()
                .mapToDouble(k -> table.get(k.arm()).get(k.control()).pValue()).toArray());
        Map<Key, Double> byKey = new LinkedHashMap<>();
        for (int i = 0; i < family.size(); i++) {
            byKey.put(family.get(i), adjusted[i]);
        }
        Map<String, Map<String, Comparison>> out = new LinkedHashMap<>();
        table.forEach((arm, versus) -> {
            Map<String, Comparison> row = new LinkedHashMap<>();
            versus.forEach((control, c) -> {
                Key key = new Key(arm, control);
                boolean isPrimary = primary.equals(Optional.of(key));
                row.put(control, c.pValue() == null ? c
                        : isPrimary ? c.adjusted(c.pValue(), 1, true) : c.adjusted(byKey.get(key), family.size(), false));
            });
            out.put(arm, row);
        });
        return out;
    }
}
