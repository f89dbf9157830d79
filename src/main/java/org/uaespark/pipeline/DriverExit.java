package org.uaespark.pipeline;

import org.apache.spark.SparkUserAppException;

/**
 * Ends the driver with a command's exit code. A driver that spark-submit runs itself (client deploy mode, local
 * masters, Kubernetes' and standalone cluster mode) exits the JVM with it. A driver inside YARN's application master
 * (cluster deploy mode) must not: {@code System.exit} there marks even a success as failed ("Shutdown hook called
 * before final status was reported") and loses the code. It returns on success, and otherwise throws Spark's
 * {@link SparkUserAppException}, which the application master reports as the application's diagnostics,
 * "User application exited with status N", and as its own exit status; {@code jobs/uae} turns that line back into
 * the exit code.
 */
public final class DriverExit {
    private DriverExit() {
    }

    /** Whether this JVM is a driver in YARN's application master: the properties the master sets before it. */
    public static boolean inYarnApplicationMaster() {
        return System.getProperty("spark.yarn.app.id") != null
                && "cluster".equals(System.getProperty("spark.submit.deployMode"));
    }

    /**
     * Ends the driver with {@code code} (see the type's description); returns only in YARN's application master.
     *
     * @throws SparkUserAppException in YARN's application master, for a code other than 0
     */
    public static void exit(int code) throws SparkUserAppException {
        if (!inYarnApplicationMaster()) {
            System.exit(code);
        }
        if (code != 0) {
            throw SparkUserAppException.apply(code);
        }
    }
}
