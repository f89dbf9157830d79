package org.uaespark.pipeline.executor;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The environment of the native libraries under libtorch that reproducible results need: MKL's strict
 * reproducibility mode ({@code MKL_CBWR=AUTO,STRICT}; without it the same inputs gave other low bits from run to
 * run). MKL reads it when it loads, so only the process environment sets it: {@code jobs/uae} does for the driver
 * and, through {@code spark.executorEnv.*}, for executors. A JVM started without it logs one warning.
 */
public final class NativeSettings {
    private static final Logger LOG = LoggerFactory.getLogger(NativeSettings.class);
    private static final List<String> REQUIRED = List.of("MKL_CBWR");
    private static final AtomicBoolean CHECKED = new AtomicBoolean();

    private NativeSettings() {
    }

    /** Logs, once per JVM, the required variables this process lacks (none: nothing is logged). */
    public static void warnOnceIfMissing() {
        if (!CHECKED.compareAndSet(false, true)) {
            return;
        }
        List<String> missing = REQUIRED.stream().filter(name -> System.getenv(name) == null).toList();
        if (!missing.isEmpty()) {
            LOG.warn("{} not set in this JVM's environment: float results may differ from run to run; start it with "
                    + "MKL_CBWR=AUTO,STRICT (jobs/uae does; on a cluster pass spark.executorEnv.MKL_CBWR)",
                    String.join(" and ", missing));
        }
    }
}
