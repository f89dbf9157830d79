package org.uaespark.nativeenv;

import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts this machine's {@link NativeVerdict} into this process's environment before libtorch loads: MKL, oneDNN and
 * ATen read {@link Doctor#VARIABLES} from the C environment once, on first use, so setting them (through libc's
 * {@code setenv}) at the start of a JVM reaches them; Java's own view of the environment does not change. A
 * variable the process was started with wins over the verdict (logged once where they differ); a JVM started with
 * all of them set runs no probe. The {@code uae} command line calls {@link #prepare} first thing, and every
 * executor does through {@code NativeLibrariesPlugin} and before it loads a model.
 */
public final class NativeEnvironment {
    private static final Logger LOG = LoggerFactory.getLogger(NativeEnvironment.class);
    private static Map<String, String> applied;

    private NativeEnvironment() {
    }

    /**
     * Applies this machine's verdict once per JVM (probing first if no verdict is cached) and returns the values
     * in effect for {@link Doctor#VARIABLES}. Must run before this JVM's first tensor operation to take effect.
     */
    public static synchronized Map<String, String> prepare() {
        if (applied != null) {
            return applied;
        }
        List<String> unset = Doctor.VARIABLES.stream().filter(name -> System.getenv(name) == null).toList();
        if (unset.isEmpty()) {
            applied = effective(Map.of());
            LOG.info("native settings from the environment: {}", applied);
            return applied;
        }
        CpuInfo cpu = CpuInfo.ofThisMachine();
        NativeVerdict verdict = VerdictCache.shared().getOrCreate(VerdictCache.key(cpu), false,
                () -> new Doctor(cpu, line -> LOG.info("uae doctor: {}", line)).diagnose());
        LibC libc = LibC.INSTANCE;
        for (String name : unset) {
            String value = verdict.environment().get(name);
            if (value != null && libc.setenv(name, value, 0) != 0) {
                throw new IllegalStateException("setenv " + name + " failed");
            }
        }
        for (Map.Entry<String, String> e : verdict.environment().entrySet()) {
            String set = System.getenv(e.getKey());
            if (set != null && !set.equals(e.getValue())) {
                LOG.warn("{}={} from the environment overrides this machine's verdict {} (uae doctor)", e.getKey(),
                        set, e.getValue());
            }
        }
        applied = effective(verdict.environment());
        LOG.info("native settings {} (verdict {} for {}: uae doctor)", applied, verdict.key(), cpu.model());
        verdict.notes().forEach(note -> LOG.debug("native settings: {}", note));
        if (Doctor.CAPPED_ISA.equals(applied.get("ONEDNN_MAX_CPU_ISA")) && unset.contains("ONEDNN_MAX_CPU_ISA")) {
            verdict.probes().stream().filter(p -> p.probe().equals(NativeProbes.CONV_BACKWARD) && !p.passed())
                    .forEach(p -> LOG.warn("oneDNN capped at SSE4.1 on this machine: at its full instruction set {}",
                            p.detail()));
        }
        return applied;
    }

    /**
     * The settings {@link #prepare} applied in this JVM (empty before it ran), for provenance: published bytes
     * depend on them.
     */
    public static synchronized Map<String, String> applied() {
        return applied == null ? Map.of() : applied;
    }

    private static Map<String, String> effective(Map<String, String> verdict) {
        java.util.TreeMap<String, String> out = new java.util.TreeMap<>();
        for (String name : Doctor.VARIABLES) {
            String value = System.getenv(name) != null ? System.getenv(name) : verdict.get(name);
            if (value != null) {
                out.put(name, value);
            }
        }
        return Map.copyOf(out);
    }
}
