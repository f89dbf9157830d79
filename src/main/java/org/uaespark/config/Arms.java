package org.uaespark.config;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.typesafe.config.Config;

import org.uaespark.experiment.Arm;

/** Parses the grid's arms ({@code uae.retrain.arms}) into {@link Arm}s, with an error naming the bad arm. */
public final class Arms {
    private static final String EXPECTED = "original, duplicate, original-2x, mine-<profile>, l2-<profile>, "
            + "gaussian-<sigma>, rotate-<degrees>, fliprot-<degrees>, or <model-free arm>~<MinMax arm or duplicate>";

    private Arms() {
    }

    /**
     * The arms named {@code names}.
     *
     * @param repeats       seeded cells of every arm
     * @param tableRepeats  rows per sample of the augmented tables ({@code uae.attack.repeats}): 1 (every cell appends
     *                      the whole table) or {@code repeats} (cell r appends repeat r)
     * @param config        the configuration holding the attack profiles the MinMax arms name
     * @throws ConfigurationException naming the arm at fault
     */
    public static List<Arm> parse(List<String> names, int repeats, int tableRepeats, Config config) {
        if (tableRepeats != 1 && tableRepeats != repeats) {
            throw new ConfigurationException("uae.attack.repeats = " + tableRepeats + ": the grid's augmented arms "
                    + "append 1 row per sample to every cell, or one per cell (uae.retrain.repeats = " + repeats + ")");
        }
        List<Arm> arms = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String name : names) {
            if (!seen.add(name)) {
                throw new ConfigurationException("uae.retrain.arms: arm '" + name + "' is listed twice");
            }
            try {
                arms.add(parse(name, repeats, tableRepeats, config));
            } catch (ConfigurationException e) {
                throw new ConfigurationException("uae.retrain.arms: arm '" + name + "': " + e.getMessage(), e);
            }
        }
        return List.copyOf(arms);
    }

    /**
     * The arm named {@code name}, alone.
     *
     * @throws ConfigurationException naming what is wrong
     */
    public static Arm parse(String name, int repeats, int tableRepeats, Config config) {
        int separator = name.indexOf(Arm.Stacked.SEPARATOR);
        if (separator >= 0) {
            Arm base = parse(name.substring(0, separator), repeats, tableRepeats, config);
            Arm top = parse(name.substring(separator + 1), repeats, tableRepeats, config);
            if (!(base instanceof Arm.Augmented augmented)) {
                throw new ConfigurationException("'" + base.name() + "' is not an augmentation arm to stack on");
            }
            try {
                return new Arm.Stacked(augmented, top);
            } catch (IllegalArgumentException e) {
                throw new ConfigurationException(e.getMessage(), e);
            }
        }
        return switch (name) {
            case Arm.Original.NAME -> new Arm.Original(repeats);
            case Arm.Duplicate.NAME -> new Arm.Duplicate(repeats);
            case Arm.Original2x.NAME -> new Arm.Original2x(repeats);
            default -> new Arm.Augmented(Augmentations.named(name, tableRepeats, config)
                    .orElseThrow(() -> new ConfigurationException("unknown arm; expected " + EXPECTED)), repeats);
        };
    }
}
