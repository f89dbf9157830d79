package org.uaespark.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;

/** Test fixtures around run directories: copies of a prepared run, and extra configuration for a profile. */
public final class RunDirs {
    /** A MinMax attack profile small enough for tests: 4 iterations, 2 MINE steps, K = 8, p = 4, towers 16 → 3. */
    public static final String TINY_ATTACK_PROFILE = """
            uae.attack-profiles.tiny = ${uae.attack-profiles.improved} {
              iterations = 4, mine-steps = 2, k = 8, p = 4, hidden = 16, tower-out = 3
            }
            """;

    /**
     * {@code uae attack} options of the tiny attack on the tiny dataset: the tiny profile, units of 16 samples,
     * batches of at most 4, 100 rows per file, one row per sample.
     */
    public static final List<String> TINY_ATTACK_ARGS = List.of("--set", "attack.profile=tiny", "--set",
            "attack.samples-per-unit=16", "--set", "attack.max-batch-size=4", "--set", "attack.rows-per-file=100",
            "--set", "attack.repeats=1");

    /**
     * A small grid for whole-pipeline runs through {@code jobs/uae} (cron, the notebook): the dense AE for one epoch,
     * original, duplicate and MINE-UAE (the tiny attack profile, 40 samples), two seeded cells each.
     */
    public static final String SMALL_GRID = TINY_ATTACK_PROFILE + """
            uae.retrain { arms = [original, duplicate, mine-tiny], repeats = 2 }
            uae.attack.limit = 40
            uae.models.dense { latent = 8, epochs = 1, batch-size = 25 }
            uae.retrain.models = [dense]
            """;

    private RunDirs() {
    }

    /** Copies run {@code from} to a new run {@code to} under the same runs root (unless {@code to} exists). */
    public static void copy(Path runsRoot, String from, String to) {
        Path source = runsRoot.resolve(from);
        Path target = runsRoot.resolve(to);
        if (Files.exists(target)) {
            return;
        }
        try (Stream<Path> files = Files.walk(source)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Path copy = target.resolve(source.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(p, copy);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Appends HOCON {@code text} to the profile file. */
    public static void append(Path profile, String text) {
        try {
            Files.writeString(profile, text, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
