package org.uaespark.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.server.MiniYARNCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.uaespark.cli.ExitCodes;
import org.uaespark.testing.Digests;
import org.uaespark.testing.Launcher;
import org.uaespark.testing.RunDirs;
import org.uaespark.testing.TinyDatasets;

/**
 * {@code jobs/uae} on YARN: a ResourceManager and a NodeManager on loopback ({@link MiniYARNCluster}, in this JVM),
 * {@code UAE_MASTER=yarn} and the cluster's configuration in {@code HADOOP_CONF_DIR}, as on a user's edge node. A
 * tiny {@code uae run} (ingest, train, a MINE attack on the executors, retrain, evaluate, report) publishes the same
 * bytes in client and in cluster deploy mode as on {@code local[2]}; a configuration error ends with 2 in both modes,
 * and in cluster mode bad input with 3 and a stage failure with 4: there through the application's final status
 * (YARN's application master cannot pass the driver's exit code; {@code jobs/uae} maps its diagnostics back).
 */
class YarnIT {
    private static final Path SPARK_HOME = Path.of(System.getProperty("uae.spark.home"));
    private static final String JAVA_HOME = System.getProperty("java.home");

    @TempDir
    static Path dir;
    private static MiniYARNCluster yarn;
    private static Path hadoopConf;
    private static Path profile;

    @BeforeAll
    static void startYarn() throws Exception {
        YarnConfiguration conf = new YarnConfiguration();
        conf.setBoolean(YarnConfiguration.NM_PMEM_CHECK_ENABLED, false); // libtorch's virtual memory is large
        conf.setBoolean(YarnConfiguration.NM_VMEM_CHECK_ENABLED, false);
        conf.setInt(YarnConfiguration.NM_VCORES, 4);
        conf.setInt(YarnConfiguration.RM_SCHEDULER_MINIMUM_ALLOCATION_MB, 128);
        // One queue for everything (the shaded mini cluster carries no capacity-scheduler.xml).
        conf.set("yarn.scheduler.capacity.root.queues", "default");
        conf.set("yarn.scheduler.capacity.root.default.capacity", "100");
        conf.set("yarn.scheduler.capacity.root.default.maximum-capacity", "100");
        conf.set("yarn.scheduler.capacity.root.default.acl_submit_applications", "*");
        conf.set("yarn.scheduler.capacity.maximum-am-resource-percent", "1.0");
        conf.set("yarn.scheduler.capacity.node-locality-delay", "-1");
        conf.set("yarn.nodemanager.disk-health-checker.max-disk-utilization-per-disk-percentage", "100.0");
        System.setProperty("test.build.data", dir.resolve("yarn").toString()); // its work and log folders
        yarn = new MiniYARNCluster("uae-yarn-it", 1, 1, 1);
        yarn.init(conf);
        yarn.start();
        assertTrue(yarn.waitForNodeManagersToConnect(60_000), "the NodeManager registered");
        hadoopConf = Files.createDirectories(dir.resolve("hadoop-conf"));
        try (OutputStream out = Files.newOutputStream(hadoopConf.resolve("yarn-site.xml"))) {
            yarn.getConfig().writeXml(out);
        }
        profile = TinyDatasets.idxProfile(dir.resolve("src"), dir.resolve("runs"));
        RunDirs.append(profile, RunDirs.SMALL_GRID + "uae.retrain { arms = [original, mine-tiny], repeats = 1 }\n");
    }

    @AfterAll
    static void stopYarn() {
        if (yarn != null) {
            yarn.stop();
        }
    }

    /** {@code jobs/uae args…} against the mini cluster ({@code yarn}) or {@code local[2]}, in a deploy mode. */
    private static Launcher uae(String master, String deployMode, String... args) {
        Map<String, String> env = new HashMap<>();
        env.put("UAE_MASTER", master);
        env.put("HADOOP_CONF_DIR", hadoopConf.toString());
        env.put("UAE_DRIVER_MEMORY", "1g");
        // Spark's jars are on the (one) node already; the containers find Java where this JVM's is.
        env.put("UAE_SUBMIT_ARGS", "--deploy-mode " + deployMode + " --conf spark.yarn.jars=local:" + SPARK_HOME
                + "/jars/* --conf spark.yarn.appMasterEnv.JAVA_HOME=" + JAVA_HOME + " --conf spark.executorEnv.JAVA_HOME="
                + JAVA_HOME + " --conf spark.executor.memory=512m --conf spark.executor.instances=2"
                + " --conf spark.yarn.am.memory=512m");
        return Launcher.run(Launcher.CHECKOUT, dir, env, 8, List.of(args));
    }

    private static Map<String, String> published(String runId) {
        return Digests.dataFilesUnder(dir.resolve("runs").resolve(runId));
    }

    @Test
    void aTinyRunPublishesTheSameBytesInClientAndClusterModeAsOnLocal2() throws IOException {
        // The command's own --master wins over UAE_MASTER (jobs/uae hands it to spark-submit) and is recorded.
        Launcher local = uae("yarn", "client", "run", "--profile", profile.toString(), "--run-id", "local",
                "--master", "local[2]");
        assertEquals(0, local.code(), local.output());
        assertTrue(Files.readString(dir.resolve("runs/local/augmented/dense/mine-tiny/_provenance.json"))
                .contains("\"sparkMaster\" : \"local[2]\""), "the command's master was used");
        Map<String, String> reference = published("local");
        assertTrue(reference.keySet().stream().anyMatch(f -> f.startsWith("augmented/dense/mine-tiny")), "" + reference);

        for (String mode : List.of("client", "cluster")) {
            Launcher onYarn = uae("yarn", mode, "run", "--profile", profile.toString(), "--run-id", mode);
            assertEquals(0, onYarn.code(), mode + ":\n" + onYarn.output());
            assertEquals(reference, published(mode), mode + " deploy mode");
            Path report = dir.resolve("runs").resolve(mode).resolve("report/index.html");
            assertTrue(Files.exists(report), mode + ": the report");
            try (Stream<Path> files = Files.walk(dir.resolve("runs").resolve(mode))) {
                Path provenance = files.filter(f -> f.toString().endsWith("augmented/dense/mine-tiny/_provenance.json"))
                        .findFirst().orElseThrow();
                assertTrue(Files.readString(provenance).contains("\"sparkMaster\" : \"yarn\""),
                        Files.readString(provenance));
            }
        }
    }

    @ParameterizedTest(name = "{0} deploy mode")
    @ValueSource(strings = {"client", "cluster"})
    void schedulersSeeTheExitCodesOfLocalRuns(String mode) throws IOException {
        Launcher configuration = uae("yarn", mode, "ingest", "--profile", profile.toString(), "--run-id", "bad-conf",
                "--set", "ingest.rows-per-fil=10");
        assertEquals(ExitCodes.USAGE, configuration.code(), configuration.output());

        if (mode.equals("cluster")) {
            Path broken = TinyDatasets.idxProfile(dir.resolve("broken-" + mode), dir.resolve("runs"));
            Files.delete(dir.resolve("broken-" + mode).resolve("train-labels"));
            Launcher input = uae("yarn", mode, "ingest", "--profile", broken.toString(), "--run-id",
                    "bad-input-" + mode);
            assertEquals(ExitCodes.INVALID_INPUT, input.code(), input.output());
            assertFalse(Files.exists(dir.resolve("runs/bad-input-" + mode + "/datasets/tiny")), "nothing published");

            // Every attempt of the attack's one task fails after committing a unit (10 units of 4 samples): the job
            // fails. (In client mode the driver is the launcher's JVM, whose exit code is the command's, as on the
            // local masters where bad input and stage failures are tested.)
            Launcher stage = uae("yarn", mode, "run", "--profile", profile.toString(), "--run-id", "failing",
                    "--set", "attack.samples-per-unit=4", "--set", "attack.partitions=1",
                    "--set", "testing.attack-failure.partitions=[0]", "--set", "testing.attack-failure.attempts=100");
            assertEquals(ExitCodes.STAGE_FAILURE, stage.code(), stage.output());
            assertTrue(stage.output().contains("User application exited with status 4"), stage.output());
            assertFalse(Files.exists(dir.resolve("runs/failing/augmented/dense/mine-tiny")), "nothing published");
        }
    }
}
