package org.uaespark.pipeline;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

import org.uaespark.config.RunSettings;
import org.uaespark.pipeline.executor.NativeLibrariesPlugin;

/**
 * Gets the run's Spark session. Under spark-submit the master and resources come from spark-submit; a driver
 * started any other way (tests, a notebook, {@code java -cp}) uses {@code uae.spark.master}. Every session carries
 * {@link NativeLibrariesPlugin}, so each executor applies its own machine's native settings when it starts.
 */
public final class SparkSessions {
    private SparkSessions() {
    }

    /** The active session, or a new one configured for the project's tables. */
    public static SparkSession getOrCreate(RunSettings run, String stage) {
        SparkConf conf = new SparkConf();
        SparkSession.Builder builder = SparkSession.builder().appName(run.appName() + " " + stage + " " + run.runId())
                .config("spark.sql.parquet.compression.codec", "zstd")
                .config("spark.sql.session.timeZone", "UTC")
                .config("spark.ui.showConsoleProgress", "false")
                .config("spark.plugins", plugins(conf));
        if (!conf.contains("spark.master")) {
            builder.master(run.master());
        }
        return builder.getOrCreate();
    }

    /** The plugins configured plus {@link NativeLibrariesPlugin}, which applies each node's native settings. */
    static String plugins(SparkConf conf) {
        String ours = NativeLibrariesPlugin.class.getName();
        String configured = conf.get("spark.plugins", "").trim();
        return configured.isEmpty() ? ours : configured.contains(ours) ? configured : configured + "," + ours;
    }

    /** Stops this JVM's active session, if any: the last thing a command-line run does. */
    public static void stopActive() {
        SparkSession.getActiveSession().foreach(s -> {
            s.stop();
            return null;
        });
    }
}
