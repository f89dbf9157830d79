package org.uaespark.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the shaded application jar the way users do: {@code org.apache.spark.deploy.SparkSubmit} on Spark's own
 * classpath (what a Spark distribution puts under {@code jars/}) in a separate JVM, from a working directory
 * without the project's {@code conf/}, so the jar must carry its configuration, schemas and DJL service files.
 * Needs the {@code uae.app.jar}, {@code uae.spark.home} and {@code uae.djl.cache} system properties
 * that the failsafe plugin sets.
 *
 * @param code   exit code
 * @param output stdout and stderr together
 */
public record Submit(int code, String output) {
    /**
     * The glibc and libtorch settings jobs/uae gives the driver and the executors (src/site/markdown/operating.md, "Running it"); MKL's,
     * oneDNN's and ATen's come from the test JVM's environment (the pom pins them).
     */
    private static final Map<String, String> NATIVE_ENV = Map.of("MALLOC_ARENA_MAX", "2",
            "THP_MEM_ALLOC_ENABLE", "1", "MALLOC_MMAP_THRESHOLD_", "33554432", "MALLOC_TRIM_THRESHOLD_", "268435456");
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

    /**
     * A SparkSubmit process running in the background.
     *
     * @param process the JVM
     * @param log     its output
     */
    public record Running(Process process, Path log) {
        /** Waits at most {@code minutes} for the process to end. */
        public Submit await(int minutes) {
            try {
                if (!process.waitFor(minutes, TimeUnit.MINUTES)) {
                    process.destroyForcibly();
                    throw new AssertionError("spark-submit did not finish in " + minutes + " minutes:\n"
                            + Files.readString(log));
                }
                return new Submit(process.exitValue(), Files.readString(log));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }

    /** Starts SparkSubmit with {@code sparkArgs} and the application's {@code args}; output goes to a log in {@code dir}. */
    public static Running start(Path dir, List<String> sparkArgs, String master, List<String> args) {
        return start(dir, sparkArgs, master, args, environment -> { });
    }

    /**
     * As {@link #start(Path, List, String, List)}, with {@code environment} changing the process environment (the
     * test JVM's, plus the native settings above) before it starts.
     */
    public static Running start(Path dir, List<String> sparkArgs, String master, List<String> args,
            java.util.function.Consumer<Map<String, String>> environment) {
        Path jar = Path.of(System.getProperty("uae.app.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no application jar at " + jar + "; run mvn verify");
        }
        try {
            String sparkClasspath = Path.of(System.getProperty("uae.spark.home"), "jars", "*").toString();
            String djl = "-Dai.djl.offline=true -DDJL_CACHE_DIR=" + System.getProperty("uae.djl.cache")
                    + " -Dai.djl.pytorch.num_threads=1";
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(JAVA17_OPENS);
            command.addAll(List.of(djl.split(" ")));
            command.addAll(List.of("-Xmx1g", "-cp", sparkClasspath, "org.apache.spark.deploy.SparkSubmit",
                    "--master", master, "--conf", "spark.ui.enabled=false", "--conf", "spark.driver.host=127.0.0.1",
                    "--conf", "spark.executor.extraJavaOptions=" + djl, "--conf", "spark.executor.memory=1g"));
            NATIVE_ENV.forEach((name, value) -> command.addAll(
                    List.of("--conf", "spark.executorEnv." + name + "=" + value)));
            command.addAll(sparkArgs);
            command.addAll(List.of("--class", "org.uaespark.cli.UaeCli", jar.toString()));
            command.addAll(args);
            Path log = Files.createTempFile(dir, "submit", ".log");
            Path workDir = Files.createDirectories(dir.resolve("cwd"));
            ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
            builder.environment().putAll(NATIVE_ENV);
            environment.accept(builder.environment());
            return new Running(builder.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs SparkSubmit to completion (at most {@code minutes}). */
    public static Submit run(Path dir, List<String> sparkArgs, String master, int minutes, String... args) {
        return start(dir, sparkArgs, master, List.of(args)).await(minutes);
    }
}
