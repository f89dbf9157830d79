package org.uaespark.testing;

import org.apache.spark.sql.SparkSession;

/**
 * The one local Spark session the test JVM shares (starting Spark costs seconds): {@code local[2]}, no UI,
 * few shuffle partitions. Tests that need another master start their own JVM (see the *IT tests).
 */
public final class SparkTestSession {
    private SparkTestSession() {
    }

    /**
     * The shared session, created on first use. Paths {@code quota:///…} go to {@link QuotaFileSystem}, also in
     * Hadoop configurations made from Spark's system properties before a session exists.
     */
    public static synchronized SparkSession get() {
        System.setProperty("spark.hadoop.fs.quota.impl", QuotaFileSystem.class.getName());
        System.setProperty("spark.hadoop.fs.quota.impl.disable.cache", "true");
        return SparkSession.builder()
                .master("local[2]")
                .appName("uae-spark tests")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "4")
                .config("spark.sql.parquet.compression.codec", "zstd")
                .config("spark.sql.session.timeZone", "UTC")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .getOrCreate();
    }
}
