package org.uaespark.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.uaespark.testing.Digests;
import org.uaespark.testing.Launcher;
import org.uaespark.testing.RunDirs;
import org.uaespark.testing.TinyDatasets;

/**
 * The distribution {@code mvn package} builds, used as a user on another host would: unpacked into a fresh
 * directory, run with another {@code HOME} (no Maven repository, no DJL cache; only this machine's native-settings
 * verdict is shared, to skip repeating its probe) and from an unrelated working directory, its {@code bin/uae} runs
 * ingest, train and attack (with the rest of {@code uae run}) on a tiny dataset.
 */
class DistributionIT {
    private static final Path ARCHIVE = Path.of(System.getProperty("uae.dist.archive"));

    @TempDir
    Path dir;

    @Test
    void anUnpackedDistributionRunsIngestTrainAndAttackWithoutTheCheckout() throws Exception {
        Path unpacked = Files.createDirectories(dir.resolve("opt"));
        Process tar = new ProcessBuilder("tar", "-xzf", ARCHIVE.toString(), "-C", unpacked.toString()).inheritIO()
                .start();
        assertEquals(0, tar.waitFor(), "tar -xzf " + ARCHIVE);
        Path home;
        try (Stream<Path> top = Files.list(unpacked)) {
            home = top.findFirst().orElseThrow();
        }
        assertTrue(home.getFileName().toString().startsWith("uae-spark-"), home.toString());
        Path launcher = home.resolve("bin/uae");
        assertArrayEquals(Files.readAllBytes(Launcher.CHECKOUT), Files.readAllBytes(launcher),
                "bin/uae is jobs/uae");
        assertTrue(Files.isExecutable(launcher));
        for (String part : List.of("jars", "lib", "conf/spark-defaults.conf", "data-schemas", "LICENSE", "NOTICE",
                "licenses/THIRD-PARTY.txt", "jobs/schedules/uae_airflow_dag.py")) {
            assertTrue(Files.exists(home.resolve(part)), part);
        }
        assertNoPathOfThisMachine(home);

        Path profile = TinyDatasets.idxProfile(dir.resolve("src"), dir.resolve("runs"));
        RunDirs.append(profile, RunDirs.SMALL_GRID + "uae.retrain { arms = [original, mine-tiny], repeats = 1 }\n");
        Path userHome = Files.createDirectories(dir.resolve("home"));
        Path workDir = Files.createDirectories(dir.resolve("elsewhere"));
        Map<String, String> env = new HashMap<>();
        env.put("HOME", userHome.toString());
        env.put("UAE_MASTER", "local[2]");
        env.put("UAE_DRIVER_MEMORY", "1g");
        for (String inherited : List.of("DJL_CACHE_DIR", "SPARK_HOME", "UAE_SUBMIT_ARGS", "MAVEN_OPTS")) {
            env.put(inherited, null);
        }
        // This machine's native-settings verdict, probed once already (DoctorTest): a probe in the new HOME would
        // only repeat it. Everything else starts empty.
        env.put("UAE_NATIVE_CACHE", Path.of(System.getProperty("user.home"), ".cache/uae-spark/native").toString());
        // ingest, train and attack, then retrain, evaluate and report a two-arm grid: one JVM, as users run it.
        run(launcher, workDir, env, "run", "--profile", profile.toString());

        Map<String, String> augmented = Digests.parquetFiles(dir.resolve("runs/t/augmented/dense/mine-tiny"));
        assertFalse(augmented.isEmpty(), "the attack published its table");
        assertTrue(Files.exists(dir.resolve("runs/t/report/index.html")), "the report");
        assertTrue(Files.isDirectory(userHome.resolve(".cache/uae-spark/djl")), "the natives went to the new HOME");
        assertFalse(Files.exists(userHome.resolve(".m2")), "no Maven repository was needed");
    }

    private static void run(Path launcher, Path workDir, Map<String, String> env, String... args) {
        Launcher run = Launcher.run(launcher, workDir, env, 6, List.of(args));
        assertEquals(0, run.code(), String.join(" ", args) + ":\n" + run.output());
    }

    /** No text file of the distribution names this checkout or the Maven repository it was built from. */
    private static void assertNoPathOfThisMachine(Path home) throws IOException {
        String checkout = Path.of(System.getProperty("uae.project.dir")).toAbsolutePath().normalize().toString();
        String repository = Path.of(System.getProperty("user.home"), ".m2").toString();
        try (Stream<Path> files = Files.walk(home)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                String name = file.getFileName().toString();
                if (Files.isRegularFile(file) && !name.endsWith(".jar")) {
                    String text = Files.readString(file, java.nio.charset.StandardCharsets.ISO_8859_1);
                    assertFalse(text.contains(checkout), file + " names " + checkout);
                    assertFalse(text.contains(repository), file + " names " + repository);
                }
            }
        }
    }
}
