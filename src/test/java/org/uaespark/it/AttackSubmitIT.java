package org.uaespark.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.uaespark.testing.Digests;
import org.uaespark.testing.RunDirs;
import org.uaespark.testing.Submit;
import org.uaespark.testing.TinyDatasets;

/**
 * The attack stage through spark-submit in separate JVMs: {@code local[1]} and {@code local[2]} write the same
 * bytes; {@code local[2,3]} with every task failing its first attempt after a commit writes them too; and a real
 * standalone cluster of two single-core workers on loopback ({@code jobs/cluster}) writes them with speculation
 * forced on, and again when one worker is killed with {@code kill -9} in the middle of the job; on that cluster the
 * README's {@code spark-submit} line runs the quick-start stages.
 */
class AttackSubmitIT {
    /** A longer job for the kill drill: 16 iterations, so a partition's next units are still to run at the kill. */
    private static final String LONG_PROFILE = """
            uae.attack-profiles.long = ${uae.attack-profiles.tiny} { iterations = 16 }
            """;

    @TempDir
    static Path dir;
    private static Path profile;

    @BeforeAll
    static void trainModel() {
        profile = TinyDatasets.idxProfile(dir.resolve("src"), dir.resolve("runs"));
        RunDirs.append(profile, RunDirs.TINY_ATTACK_PROFILE + LONG_PROFILE);
        Submit ingest = Submit.run(dir, List.of(), "local[2]", 4, "ingest", "--profile", profile.toString());
        assertEquals(0, ingest.code(), ingest.output());
        Submit train = Submit.run(dir, List.of(), "local[2]", 4, "train", "--profile", profile.toString(),
                "--model", "dense", "--epochs", "3", "--set", "models.dense.latent=8", "--set", "models.dense.batch-size=25");
        assertEquals(0, train.code(), train.output());
    }

    private static List<String> attackArgs(String runId, String attackProfile, String... extra) {
        RunDirs.copy(dir.resolve("runs"), "t", runId);
        List<String> args = new ArrayList<>(List.of("attack", "--profile", profile.toString(), "--run-id", runId,
                "--attack-profile", attackProfile, "--set", "attack.samples-per-unit=16", "--set", "attack.max-batch-size=4",
                "--set", "attack.rows-per-file=100", "--set", "attack.repeats=1"));
        args.addAll(Arrays.asList(extra));
        return args;
    }

    private static Map<String, String> output(String runId, String attackProfile) {
        return Digests.parquetFiles(dir.resolve("runs").resolve(runId).resolve("augmented/dense/mine-" + attackProfile));
    }

    private static Submit attack(String master, List<String> sparkArgs, String runId, String attackProfile,
            String... extra) {
        return Submit.start(dir, sparkArgs, master, attackArgs(runId, attackProfile, extra)).await(6);
    }

    @Test
    void oneCoreTwoCoresAndFailedFirstAttemptsWriteTheSameBytes() {
        Submit one = attack("local[1]", List.of(), "l1", "tiny");
        assertEquals(0, one.code(), one.output());
        Submit two = attack("local[2]", List.of(), "l2", "tiny", "--partitions", "3");
        assertEquals(0, two.code(), two.output());
        Submit retried = attack("local[2,3]", List.of(), "retry", "tiny", "--partitions", "4",
                "--set", "testing.attack-failure.partitions=[0,1,2,3]", "--set", "testing.attack-failure.attempts=1");
        assertEquals(0, retried.code(), retried.output());
        assertTrue(retried.output().contains("injected failure"), "the first attempts failed");
        Map<String, String> reference = output("l1", "tiny");
        assertEquals(3, reference.size());
        assertEquals(reference, output("l2", "tiny"), "local[2], 3 partitions");
        assertEquals(reference, output("retry", "tiny"), "local[2,3] after failed first attempts");
    }

    @Test
    void aLoopbackClusterWritesTheSameBytesWithSpeculationAndAfterLosingAWorkerAndRunsTheReadmesLine()
            throws Exception {
        Submit local = attack("local[2]", List.of(), "ref-long", "long");
        assertEquals(0, local.code(), local.output());
        Submit localTiny = attack("local[2]", List.of(), "ref-tiny", "tiny");
        assertEquals(0, localTiny.code(), localTiny.output());
        Path state = dir.resolve("cluster");
        String master = cluster(state, "start", "2", "1", "1g").trim();
        try {
            List<String> speculation = List.of("--conf", "spark.speculation=true", "--conf", "spark.speculation.interval=50ms",
                    "--conf", "spark.speculation.quantile=0.01", "--conf", "spark.speculation.multiplier=1.0",
                    "--conf", "spark.speculation.minTaskRuntime=10ms");
            Submit speculative = attack(master, speculation, "cluster-tiny", "tiny", "--partitions", "8");
            assertEquals(0, speculative.code(), speculative.output());
            assertEquals(output("ref-tiny", "tiny"), output("cluster-tiny", "tiny"), "cluster with speculation");

            Submit.Running running = Submit.start(dir, List.of(), master, attackArgs("cluster-kill", "long",
                    "--partitions", "4"));
            awaitFirstCommit(dir.resolve("runs/cluster-kill/_staging"), running);
            cluster(state, "kill-worker", "1");
            Submit killed = running.await(8);
            assertEquals(0, killed.code(), killed.output());
            assertTrue(killed.output().contains("Lost executor"), "the driver saw the executor go:\n" + killed.output());
            assertEquals(output("ref-long", "long"), output("cluster-kill", "long"), "cluster after kill -9 of a worker");

            theReadmesSubmitLineRunsTheQuickStartStages(master);
        } finally {
            cluster(state, "stop");
        }
    }

    /**
     * The README's {@code spark-submit} line for a standalone cluster, as {@code bin/spark-submit} runs it (Spark's
     * launcher builds the driver's command from the line and the properties file; nothing of {@code jobs/uae} or
     * the test's own settings), runs the quick-start stages: a whole {@code uae run} of a small grid. What names the
     * reader's cluster is replaced by this one's: the master URL, the shared storage, executors' size (the workers
     * have one core and 1 GiB); the command after the jar is {@code run}.
     */
    private static void theReadmesSubmitLineRunsTheQuickStartStages(String master) throws Exception {
        Path project = Path.of(System.getProperty("uae.project.dir"));
        String readme = Files.readString(project.resolve("README.md"));
        int start = readme.indexOf("spark-submit --master spark://");
        assertTrue(start >= 0, "the README has a spark-submit line for a standalone cluster");
        List<String> line = List.of(readme.substring(start, readme.indexOf("```", start)).replace("\\\n", " ")
                .trim().split("\\s+"));
        Path readmeProfile = TinyDatasets.idxProfile(dir.resolve("readme-src"), dir.resolve("runs"));
        RunDirs.append(readmeProfile, RunDirs.SMALL_GRID + "uae.retrain { arms = [original, mine-tiny], repeats = 1 }\n");
        Path runsRoot = dir.resolve("readme-runs");
        List<String> args = new ArrayList<>();
        for (String word : line.subList(1, line.indexOf("--class") + 3)) {
            args.add(word.replace("spark://master:7077", master)
                    .replace("hdfs:///uae/runs", runsRoot.toString())
                    .replace("hdfs:///uae/data", dir.resolve("readme-src").toString())
                    .replace("4g", "1g"));
        }
        args.set(args.indexOf("--executor-cores") + 1, "1");
        assertTrue(args.contains("--properties-file") && args.contains("conf/spark-defaults.conf"), args.toString());
        args.addAll(List.of("run", "--profile", readmeProfile.toString(), "--run-id", "readme"));

        List<String> launcher = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", Path.of(System.getProperty("uae.spark.home"), "jars", "*").toString(),
                "org.apache.spark.launcher.Main", "org.apache.spark.deploy.SparkSubmit"));
        launcher.addAll(args);
        ProcessBuilder build = new ProcessBuilder(launcher).directory(project.toFile());
        build.environment().putAll(Map.of("SPARK_HOME", System.getProperty("uae.spark.home"),
                "SPARK_SCALA_VERSION", "2.12"));
        Process built = build.start();
        String command = new String(built.getInputStream().readAllBytes());
        assertEquals(0, built.waitFor(), "Spark's launcher built the command");
        // Spark's launcher prints a NUL and a newline, then the command's words each ended by a NUL (bin/spark-class).
        command = command.substring(command.indexOf("\0\n") + 2);
        ProcessBuilder submit = new ProcessBuilder(List.of(command.split("\0"))).directory(project.toFile())
                .redirectErrorStream(true).redirectOutput(dir.resolve("readme-line.log").toFile());
        submit.environment().putAll(Map.of("SPARK_HOME", System.getProperty("uae.spark.home"),
                "SPARK_LOCAL_IP", "127.0.0.1"));
        Process process = submit.start();
        assertTrue(process.waitFor(6, TimeUnit.MINUTES), "the README's line ended");
        String output = Files.readString(dir.resolve("readme-line.log"));
        assertEquals(0, process.exitValue(), String.join(" ", args) + "\n" + output);
        assertTrue(Files.exists(runsRoot.resolve("readme/report/index.html")), output);
        assertTrue(Files.readString(runsRoot.resolve("readme/augmented/dense/mine-tiny/_provenance.json"))
                .contains(master), "ran on the cluster");
    }

    /** Waits until the attack committed its first unit (so the job is under way), or fails if it ended. */
    private static void awaitFirstCommit(Path staging, Submit.Running running) throws Exception {
        for (int i = 0; i < 1200; i++) {
            if (hasCommittedUnit(staging)) {
                return;
            }
            if (!running.process().isAlive()) {
                throw new AssertionError("the attack ended before the drill:\n" + Files.readString(running.log()));
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no unit committed within 2 minutes:\n" + Files.readString(running.log()));
    }

    /**
     * Whether a unit file sits under {@code staging}. The attack creates and removes probe and temporary files there
     * while we walk it, so a file vanishing under the walk means "look again", not a failure.
     */
    private static boolean hasCommittedUnit(Path staging) throws IOException {
        if (!Files.isDirectory(staging)) {
            return false;
        }
        try (Stream<Path> files = Files.walk(staging)) {
            return files.anyMatch(p -> p.getFileName().toString().matches("unit-\\d{6}\\.json"));
        } catch (NoSuchFileException vanished) {
            return false;
        } catch (UncheckedIOException walkFailed) {
            if (walkFailed.getCause() instanceof NoSuchFileException) {
                return false;
            }
            throw walkFailed;
        }
    }

    /** Runs {@code jobs/cluster} with its state folder and free ports; returns its output. */
    private static String cluster(Path state, String... args) {
        List<String> command = new ArrayList<>(List.of("bash",
                Path.of(System.getProperty("uae.project.dir"), "jobs", "cluster").toString()));
        command.addAll(Arrays.asList(args));
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().put("UAE_CLUSTER_DIR", state.toString());
            builder.environment().put("UAE_CLUSTER_PORT", Integer.toString(port(state, "port")));
            builder.environment().put("UAE_CLUSTER_UI_PORT", Integer.toString(port(state, "ui-port")));
            Process process = builder.start();
            String out = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
                throw new AssertionError("jobs/cluster " + String.join(" ", args) + " failed:\n" + out);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** A free port, chosen once per cluster and remembered in its state folder. */
    private static int port(Path state, String name) throws IOException {
        Path file = state.resolve(name);
        if (Files.exists(file)) {
            return Integer.parseInt(Files.readString(file).trim());
        }
        Files.createDirectories(state);
        try (ServerSocket socket = new ServerSocket(0)) {
            Files.writeString(file, Integer.toString(socket.getLocalPort()));
            return socket.getLocalPort();
        }
    }
}
