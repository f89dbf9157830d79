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
            + "gaussian-<sigma>, rotate-<degrees> or fliprot-<degrees>";

    private Arms() {
    }

    /**
     * The arms named {@code names}.
     *
     * @param repeats seeded repeats of every arm (an augmented arm's table holds as many rows per sample, one cell
     *                each; a MinMax table with one repeat is one cell on all its rows)
     * @param config  the configuration holding the attack profiles the MinMax arms name
     * @throws ConfigurationException naming the arm at fault
     */
    public static List<Arm> parse(List<String> names, int repeats, Config config) {
        List<Arm> arms = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String name : names) {
            if (!seen.add(name)) {
                throw new ConfigurationException("uae.retrain.arms: arm '" + name + "' is listed twice");
            }
            try {
                arms.add(parse(name, repeats, config));
            } catch (ConfigurationException e) {
                throw new ConfigurationException("uae.retrain.arms: arm '" + name + "': " + e.getMessage(), e);
            }
        }
        return List.copyOf(arms);
    }

    private static Arm parse(String name, int repeats, Config config) {
        return switch (name) {
            case Arm.Original.NAME -> new Arm.Original(repeats);
            case Arm.Duplicate.NAME -> new Arm.Duplicate(repeats);
            case Arm.Original2x.NAME -> new Arm.Original2x(repeats);
            default -> new Arm.Augmented(Augmentations.named(name, repeats, config)
                    .orElseThrow(() -> new ConfigurationException("unknown arm; expected " + EXPECTED)));
        };
    }
}
