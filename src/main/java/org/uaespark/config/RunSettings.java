package org.uaespark.config;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

import com.typesafe.config.Config;

/**
 * Settings shared by every stage of a run.
 *
 * @param runsRoot  folder (local path or Hadoop URI) holding run directories
 * @param runId     this run's id; names its directory
 * @param seed      root seed of every random draw in the run
 * @param master    Spark master used when the driver was not launched by spark-submit
 * @param appName   Spark application name prefix
 */
public record RunSettings(String runsRoot, String runId, long seed, String master, String appName) {
    private static final DateTimeFormatter GENERATED_ID = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");

    public RunSettings {
        if (!runId.matches("[A-Za-z0-9][A-Za-z0-9_.=-]*")) {
            throw new ConfigurationException("uae.run-id '" + runId
                    + "' must start with a letter or digit and contain only letters, digits, '.', '_', '=' or '-'");
        }
    }

    /** Reads {@code uae.runs-root}, {@code uae.run-id} (generated from the UTC time when empty), {@code uae.seed}, {@code uae.spark.*}. */
    public static RunSettings from(Config config) {
        return Settings.read("uae", () -> {
            String runId = config.getString("uae.run-id").trim();
            if (runId.isEmpty()) {
                runId = ZonedDateTime.now(ZoneOffset.UTC).format(GENERATED_ID);
            }
            return new RunSettings(config.getString("uae.runs-root"), runId, config.getLong("uae.seed"),
                    config.getString("uae.spark.master"), config.getString("uae.spark.app-name"));
        });
    }
}
