package org.uaespark.pipeline;

import org.apache.spark.sql.SparkSession;

import org.uaespark.config.RunSettings;
import org.uaespark.nativeenv.NativeEnvironment;
import org.uaespark.pipeline.store.RunLayout;
import org.uaespark.pipeline.store.RunLock;
import org.uaespark.pipeline.store.RunProfile;
import org.uaespark.pipeline.store.TablePublisher;

/**
 * One job's hold on a run: the Spark session its stages use and the run directory's {@link RunLock}, taken when
 * the context opens and released when it closes. Every command opens one before any stage runs, so two jobs never
 * write the same run directory at once; stages take their session from here, and nothing outside this package
 * needs Spark's types.
 */
public final class RunContext implements AutoCloseable {
    private final SparkSession spark;
    private final RunSettings run;
    private final RunLock lock;

    private RunContext(SparkSession spark, RunSettings run, RunLock lock) {
        this.spark = spark;
        this.run = run;
        this.lock = lock;
    }

    /**
     * Starts (or joins) the Spark session, takes the run's lock for {@code command}, records the run's profile
     * ({@link RunProfile}) if the run is new, and removes what jobs that died left in its staging folder.
     *
     * @param profile the run profile the command's configuration was loaded with (null for none)
     *
     * @throws org.uaespark.config.ConfigurationException   when another live job writes the run
     * @throws org.uaespark.data.InputValidationException when the run directory cannot be written
     */
    public static RunContext open(RunSettings run, String command, String profile) {
        NativeEnvironment.prepare();
        SparkSession spark = SparkSessions.getOrCreate(run, command);
        RunLock lock = RunLock.acquire(spark.sparkContext().hadoopConfiguration(), RunLayout.of(run).runDir(), command,
                run.lockStaleAfter(), run.lockWait());
        try {
            RunProfile.recordIfNew(RunLayout.of(run).runDir(), profile, command, spark.sparkContext().hadoopConfiguration());
            new TablePublisher(spark.sparkContext().hadoopConfiguration()).sweepAbandoned(RunLayout.of(run));
        } catch (RuntimeException | Error e) {
            lock.close();
            throw e;
        }
        return new RunContext(spark, run, lock);
    }

    /** The run's settings. */
    public RunSettings run() {
        return run;
    }

    SparkSession spark() {
        return spark;
    }

    /** Releases the run's lock; the Spark session stays up for the next command in this JVM. */
    @Override
    public void close() {
        lock.close();
    }
}
