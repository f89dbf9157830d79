package org.uaespark.config;

import java.time.Duration;
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
 * @param lockStaleAfter how long after its last heartbeat a run lock held from another host counts as abandoned
 * @param lockWait       how long a command waits for another live job to release the run (zero: fail at once)
 */
public record RunSettings(String runsRoot, String runId, long seed, String master, String appName,
        Duration lockStaleAfter, Duration lockWait) {
    private static final DateTimeFormatter GENERATED_ID = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");

    public RunSettings {
        if (!runId.matches("[A-Za-z0-9][A-Za-z0-9_.=-]*")) {
            throw new ConfigurationException("uae.run-id '" + runId
                    + "' must start with a letter or digit and contain only letters, digits, '.', '_', '=' or '-'");
        }
        if (lockStaleAfter.compareTo(Duration.ofMinutes(1)) < 0) {
            throw new ConfigurationException("uae.lock.stale-after must be at least 1 minute (a holder renews its "
                    + "heartbeat every 30 s), got " + lockStaleAfter);
        }
        if (lockWait.isNegative()) {
            throw new ConfigurationException("uae.lock.wait must not be negative, got " + lockWait);
        }
    }

    /**
     * Reads {@code uae.runs-root}, {@code uae.run-id} (generated from the UTC time when empty), {@code uae.seed},
     * {@code uae.spark.*} and {@code uae.lock.*}.
     */
    public static RunSettings from(Config config) {
        return Settings.read("uae", () -> {
            String runId = config.getString("uae.run-id").trim();
            if (runId.isEmpty()) {
                runId = ZonedDateTime.now(ZoneOffset.UTC).format(GENERATED_ID);
            }
            return new RunSettings(config.getString("uae.runs-root"), runId, config.getLong("uae.seed"),
                    config.getString("uae.spark.master"), config.getString("uae.spark.app-name"),
                    config.getDuration("uae.lock.stale-after"), config.getDuration("uae.lock.wait"));
        });
    }
}
