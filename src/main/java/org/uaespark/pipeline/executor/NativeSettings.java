package org.uaespark.pipeline.executor;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The environment of the native libraries under libtorch that reproducible results need: MKL's strict
 * reproducibility mode ({@code MKL_CBWR=AUTO,STRICT}; without it the same inputs gave other low bits from run to
 * run) and oneDNN kept to AVX2 ({@code DNNL_MAX_CPU_ISA=AVX2}; its AVX-512 convolution kernels gave NaN in conv
 * training on AMD EPYC). Both are read by the libraries when they load, so only the process environment sets them:
 * {@code jobs/uae} does for the driver and, through {@code spark.executorEnv.*}, for executors. A JVM started
 * without them logs one warning naming what is missing.
 */
public final class NativeSettings {
    private static final Logger LOG = LoggerFactory.getLogger(NativeSettings.class);
    private static final List<String> REQUIRED = List.of("MKL_CBWR", "DNNL_MAX_CPU_ISA");
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
            LOG.warn("{} not set in this JVM's environment: float results may differ from run to run, and conv "
                    + "training may diverge on AVX-512 CPUs; start it with MKL_CBWR=AUTO,STRICT DNNL_MAX_CPU_ISA=AVX2 "
                    + "(jobs/uae does; on a cluster pass spark.executorEnv.*)", String.join(" and ", missing));
        }
    }
}
