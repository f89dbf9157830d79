package org.uaespark.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.uaespark.testing.Digests;
import org.uaespark.testing.TinyDatasets;

/**
 * The shaded application jar run the way users run it: {@code org.apache.spark.deploy.SparkSubmit} on Spark's
 * own classpath (what a Spark distribution puts under {@code jars/}), from a working directory without the
 * project's {@code conf/}, so the jar must carry its configuration, schemas and DJL service files.
 */
class SparkSubmitIT {
    /** Spark 3.5's module flags for Java 17, as org.apache.spark.launcher.JavaModuleOptions lists them. */
    private static final List<String> JAVA17_OPENS = List.of("-XX:+IgnoreUnrecognizedVMOptions",
            "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED", "--add-opens=java.base/java.io=ALL-UNNAMED",
            "--add-opens=java.base/java.net=ALL-UNNAMED", "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
            "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED", "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED", "--add-opens=java.base/sun.security.action=ALL-UNNAMED",
            "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED",
            "--add-opens=java.security.jgss/sun.security.krb5=ALL-UNNAMED", "-Djdk.reflect.useDirectMethodHandle=false");

    @TempDir
    Path dir;

    private record Submitted(int code, String output) {
    }

    private Submitted submit(String master, String... args) throws IOException, InterruptedException {
        return submit(List.of(), master, args);
    }

    /** Runs SparkSubmit with {@code sparkArgs} (spark-submit options) and the application's {@code args}. */
    private Submitted submit(List<String> sparkArgs, String master, String... args)
            throws IOException, InterruptedException {
        Path jar = Path.of(System.getProperty("uae.app.jar"));
        assertTrue(Files.isRegularFile(jar), "no application jar at " + jar + "; run mvn verify");
        String sparkClasspath = Files.readString(Path.of(System.getProperty("uae.spark.classpath.file"))).trim();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JAVA17_OPENS);
        command.addAll(List.of("-Xmx1g", "-Dai.djl.offline=true", "-DDJL_CACHE_DIR=" + System.getProperty("uae.djl.cache"),
                "-cp", sparkClasspath, "org.apache.spark.deploy.SparkSubmit", "--master", master,
                "--conf", "spark.ui.enabled=false", "--conf", "spark.driver.host=127.0.0.1"));
        command.addAll(sparkArgs);
        command.addAll(List.of("--class", "org.uaespark.cli.UaeCli", jar.toString()));
        command.addAll(List.of(args));
        Path log = Files.createTempFile(dir, "submit", ".log");
        Path workDir = Files.createDirectories(dir.resolve("cwd"));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        Process process = builder.start();
        if (!process.waitFor(4, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("spark-submit did not finish in 4 minutes:\n" + Files.readString(log));
        }
        return new Submitted(process.exitValue(), Files.readString(log));
    }

    @Test
    void fatJarIngestsThroughSparkSubmitIdenticallyOnOneOrTwoCores() throws Exception {
        Path profile = TinyDatasets.idxProfile(dir.resolve("src"), dir.resolve("runs-a"));
        Submitted two = submit("local[2]", "ingest", "--profile", profile.toString());
        assertEquals(0, two.code(), two.output());
        assertTrue(two.output().contains("dataset table: " + dir.resolve("runs-a/t/datasets/tiny")), two.output());

        Submitted one = submit("local[1]", "ingest", "--profile", profile.toString(),
                "--runs-root", dir.resolve("runs-b").toString());
        assertEquals(0, one.code(), one.output());
        Map<String, String> a = Digests.parquetFiles(dir.resolve("runs-a/t/datasets/tiny"));
        assertEquals(4, a.size());
        assertEquals(a, Digests.parquetFiles(dir.resolve("runs-b/t/datasets/tiny")),
                "separate JVMs with different core counts must write the same bytes");
        assertTrue(Files.readString(dir.resolve("runs-b/t/datasets/tiny/_provenance.json")).contains("\"local[1]\""));
    }

    @Test
    void sparkConfKeysReachTheConfiguration() throws Exception {
        Path profile = TinyDatasets.idxProfile(dir.resolve("src"), dir.resolve("runs"));
        Submitted run = submit(List.of("--conf", "spark.uae.ingest.limit-train=50", "--conf", "spark.uae.run-id=conf"),
                "local[1]", "ingest", "--profile", profile.toString());
        assertEquals(0, run.code(), run.output());
        JsonNode provenance = new ObjectMapper().readTree(dir.resolve("runs/conf/datasets/tiny/_provenance.json").toFile());
        assertEquals(50, provenance.at("/summary/train/rows").asInt());
        assertEquals(TinyDatasets.TEST, provenance.at("/summary/test/rows").asInt());
        assertTrue(provenance.at("/configSources/2").asText().startsWith("spark conf: [ingest.limit-train, run-id]"),
                provenance.toString());
    }

    @Test
    void exitCodesSurviveSparkSubmit() throws Exception {
        Path profile = TinyDatasets.idxProfile(dir.resolve("src"), dir.resolve("runs"));
        Files.delete(dir.resolve("src/train-labels"));
        Submitted missing = submit("local[1]", "ingest", "--profile", profile.toString());
        assertEquals(3, missing.code(), missing.output());
        assertTrue(missing.output().contains(dir.resolve("src/train-labels") + ": file not found"), missing.output());
        assertFalse(Files.exists(dir.resolve("runs/t/datasets/tiny")));

        Submitted usage = submit("local[1]", "ingest", "--profile", "no-such-profile");
        assertEquals(2, usage.code(), usage.output());
    }
}
