package org.uaespark.pipeline;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

import org.uaespark.config.RunSettings;

/**
 * Gets the run's Spark session. Under spark-submit the master and resources come from spark-submit; a driver
 * started any other way (tests, a notebook, {@code java -cp}) uses {@code uae.spark.master}.
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
                .config("spark.ui.showConsoleProgress", "false");
        if (!conf.contains("spark.master")) {
            builder.master(run.master());
        }
        return builder.getOrCreate();
    }

    /** Stops this JVM's active session, if any: the last thing a command-line run does. */
    public static void stopActive() {
        SparkSession.getActiveSession().foreach(s -> {
            s.stop();
            return null;
        });
    }
}
