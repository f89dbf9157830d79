package org.uaespark.pipeline.store;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkConf;
import org.apache.spark.deploy.SparkHadoopUtil;

import org.uaespark.config.ConfigurationException;
import org.uaespark.config.RunSettings;

/**
 * The run profile a run was created with, remembered in {@code <run>/_run.json} by the first command that wrote
 * the run: later commands on the run id use it when they name none, and refuse another (a run whose stages were
 * configured by different profiles would mix datasets, recipes and grids).
 */
public final class RunProfile {
    /** The record, in the run directory. */
    public static final String FILE = "_run.json";

    /**
     * What is recorded.
     *
     * @param profile the {@code --profile} value (a name, or a file as an absolute path); empty for none
     * @param created when the run was created (ISO-8601)
     * @param command the command that created it
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Record(String profile, String created, String command) {
    }

    private RunProfile() {
    }

    /** A profile argument as recorded: names as given, files as absolute paths. */
    public static String normalise(String profile) {
        if (profile == null || profile.isBlank()) {
            return "";
        }
        String trimmed = profile.trim();
        return java.nio.file.Files.isRegularFile(Paths.get(trimmed)) ? Paths.get(trimmed).toAbsolutePath().normalize()
                .toString() : trimmed;
    }

    /**
     * The profile recorded by {@code run}, if it has a record; read before any Spark session exists, with the
     * file-system settings spark-submit passes ({@code spark.hadoop.*}).
     */
    public static Optional<String> recorded(RunSettings run) {
        Configuration hadoopConf = SparkHadoopUtil.get().newConfiguration(new SparkConf());
        Path file = new Path(RunLayout.of(run).runDir(), FILE);
        try (InputStream in = file.getFileSystem(hadoopConf).open(file)) {
            return Optional.of(Json.mapper().readValue(in, Record.class).profile());
        } catch (FileNotFoundException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /**
     * Fails when {@code profile} (normalised) differs from the one {@code run} was created with.
     *
     * @throws ConfigurationException naming both profiles
     */
    public static void requireSame(RunSettings run, String profile, String recorded) {
        if (!normalise(profile).equals(recorded)) {
            throw new ConfigurationException("run " + run.runId() + " was created with "
                    + (recorded.isEmpty() ? "no --profile" : "--profile " + recorded) + ", not "
                    + (normalise(profile).isEmpty() ? "none" : normalise(profile)) + "; leave --profile out to use the "
                    + "run's own, or use another --run-id");
        }
    }

    /** Records {@code profile} for {@code run} unless it has a record; call while holding the run's lock. */
    public static void recordIfNew(Path runDir, String profile, String command, Configuration hadoopConf) {
        Path file = new Path(runDir, FILE);
        try {
            FileSystem fs = file.getFileSystem(hadoopConf);
            if (fs.exists(file)) {
                return;
            }
            try (OutputStream out = fs.create(file, false)) {
                Json.mapper().writeValue(out, new Record(normalise(profile), Instant.now().toString(), command));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
