package org.uaespark.nativeenv;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Chooses the native libraries' settings for this machine by probing them ({@link NativeProbes}), each candidate
 * in a child JVM, since MKL, oneDNN and ATen read their settings once when they load:
 * <ul>
 *   <li>{@code ONEDNN_MAX_CPU_ISA}: {@code ALL} (oneDNN's full instruction set) where the convolution probe passes at
 *   it, {@code SSE41} where it fails, with the failure as the reason.</li>
 *   <li>{@code ATEN_CPU_CAPABILITY} and {@code MKL_CBWR}: the first pair under which the batch-invariance probe
 *   passes, ATen's widest level first ({@code avx512}, {@code avx2}, {@code default}) and, within it, MKL's strict
 *   {@code AVX2} branch first (the same MKL kernels on Intel and AMD, at no measured cost), then the other strict
 *   branches the processor runs. At AVX-512 ATen's elementwise kernels end a tensor in a scalar tail that rounds
 *   differently; the models' sigmoid works row by row ({@code Layers.sigmoid}) so that this tail cannot make a
 *   sample's bits depend on its position, and the probe checks that it does not.</li>
 * </ul>
 */
public final class Doctor {
    /** Raised when probes change, so that cached verdicts of older probes are not reused. */
    static final int PROBE_VERSION = 2;
    /** The variables a verdict sets. */
    public static final List<String> VARIABLES = List.of("ATEN_CPU_CAPABILITY", "ONEDNN_MAX_CPU_ISA",
            "DNNL_MAX_CPU_ISA", "MKL_CBWR");
    /** The value of {@code ONEDNN_MAX_CPU_ISA} that lets oneDNN use every instruction the processor has. */
    public static final String FULL_ISA = "ALL";
    /** The cap where the convolution probe fails at the full instruction set. */
    static final String CAPPED_ISA = "SSE41";
    private static final long CHILD_TIMEOUT_S = 600;

    private final CpuInfo cpu;
    private final Consumer<String> progress;

    /**
     * @param cpu      the processor to decide for (this machine's: {@link CpuInfo#ofThisMachine})
     * @param progress told of each probe as it starts
     */
    public Doctor(CpuInfo cpu, Consumer<String> progress) {
        this.cpu = cpu;
        this.progress = progress;
    }

    /** Runs every probe and decides. Takes tens of seconds: a few JVMs, each loading libtorch. */
    public NativeVerdict diagnose() {
        List<ProbeResult> probes = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        Map<String, String> chosen = new TreeMap<>();
        ProbeResult conv = run(NativeProbes.CONV_BACKWARD, settings(atenPreference().get(0), FULL_ISA,
                "AUTO,STRICT"));
        probes.add(conv);
        String isa = conv.passed() ? FULL_ISA : CAPPED_ISA;
        chosen.put("ONEDNN_MAX_CPU_ISA", isa);
        chosen.put("DNNL_MAX_CPU_ISA", isa);
        notes.add(conv.passed() ? "oneDNN at its full instruction set: its convolutions passed the probe there"
                : "oneDNN capped at SSE4.1: at its full instruction set " + conv.detail());

        String aten = null;
        String mkl = null;
        search:
        for (String level : atenPreference()) {
            for (String branch : mklPreference()) {
                ProbeResult invariance = run(NativeProbes.BATCH_INVARIANCE, settings(level, isa, branch));
                probes.add(invariance);
                if (invariance.passed()) {
                    aten = level;
                    mkl = branch;
                    break search;
                }
            }
        }
        if (mkl == null) {
            aten = "default";
            mkl = "COMPATIBLE,STRICT";
            notes.add("no setting kept a sample's results independent of its batch position on this machine: "
                    + "published outputs may depend on which samples share a batch here (the most conservative "
                    + "settings are used)");
        } else {
            notes.add("ATEN_CPU_CAPABILITY=" + aten + " and MKL_CBWR=" + mkl + ": the first (fastest ATen level, then"
                    + " MKL's strict AVX2 branch before the others) under which a sample's results were the same bits "
                    + "wherever it stood in its batch");
        }
        chosen.put("ATEN_CPU_CAPABILITY", aten);
        chosen.put("MKL_CBWR", mkl);
        notes.add(cpu.bf16() ? "bf16 in hardware (" + String.join(", ", bf16Flags()) + "); oneDNN reaches it only "
                + "at its full instruction set" + (isa.equals(FULL_ISA) ? ", which this verdict allows" : ", capped here")
                : "no bf16 in hardware: bf16 would be emulated, slower than fp32");
        return new NativeVerdict(VerdictCache.key(cpu), cpu, chosen, probes, notes,
                Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    }

    /** ATen's kernel levels in the order tried: the processor's widest first. */
    List<String> atenPreference() {
        List<String> out = new ArrayList<>();
        if (cpu.avx512()) {
            out.add("avx512");
        }
        if (cpu.avx2()) {
            out.add("avx2");
        }
        out.add("default");
        return List.copyOf(out);
    }

    /** MKL branches in the order tried: AVX2 first where the processor has it, then the others it runs. */
    List<String> mklPreference() {
        Set<String> order = new LinkedHashSet<>();
        if (cpu.avx2()) {
            order.add("AVX2,STRICT");
        }
        order.addAll(cpu.mklBranches());
        return List.copyOf(order);
    }

    private List<String> bf16Flags() {
        return cpu.flags().stream().filter(f -> f.equals("avx512_bf16") || f.equals("amx_bf16")).toList();
    }

    /** The four variables of one candidate, in {@link #VARIABLES} order. */
    static Map<String, String> settings(String aten, String isa, String mkl) {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("ATEN_CPU_CAPABILITY", aten);
        out.put("ONEDNN_MAX_CPU_ISA", isa);
        out.put("DNNL_MAX_CPU_ISA", isa);
        out.put("MKL_CBWR", mkl);
        return out;
    }

    /** Runs probe {@code name} in a child JVM with {@code environment}; a crash or timeout is a failure. */
    public ProbeResult run(String name, Map<String, String> environment) {
        progress.accept("probing " + name + " with " + environment);
        long start = System.nanoTime();
        List<String> command = new ArrayList<>();
        command.add(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
        command.add("-Xmx1g");
        command.add("-Dai.djl.offline=true");
        command.add("-Dai.djl.pytorch.num_threads=1");
        String cache = System.getProperty("DJL_CACHE_DIR");
        if (cache != null) {
            command.add("-DDJL_CACHE_DIR=" + cache);
        }
        command.add("-cp");
        command.add(classPath());
        command.add(NativeProbes.class.getName());
        command.add(name);
        String output;
        int exit;
        Path log = null;
        try {
            log = Files.createTempFile("uae-probe-", ".log");
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            builder.environment().putAll(environment);
            builder.environment().put("OMP_NUM_THREADS", "1");
            Process child = builder.start();
            boolean ended = child.waitFor(CHILD_TIMEOUT_S, TimeUnit.SECONDS);
            if (!ended) {
                child.destroyForcibly().waitFor();
            }
            exit = child.exitValue();
            output = Files.readString(log, StandardCharsets.UTF_8) + (ended ? "" : "\n(timed out)");
        } catch (IOException e) {
            return result(name, environment, false, "could not run a JVM for the probe: " + e.getMessage(), start);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return result(name, environment, false, "interrupted", start);
        } finally {
            deleteQuietly(log);
        }
        for (String line : output.split("\n")) {
            if (line.startsWith(NativeProbes.RESULT + " ")) {
                String verdict = line.substring(NativeProbes.RESULT.length() + 1);
                boolean passed = verdict.startsWith("PASS");
                return result(name, environment, passed && exit == 0,
                        passed ? "passed" : verdict.substring(Math.min(verdict.length(), 5)), start);
            }
        }
        return result(name, environment, false, "the probe's JVM died (exit " + exit + "): " + tail(output), start);
    }

    private static ProbeResult result(String name, Map<String, String> environment, boolean passed, String detail,
            long start) {
        double seconds = Math.round((System.nanoTime() - start) / 1e8) / 10.0;
        return new ProbeResult(name, Map.copyOf(environment), passed, detail, seconds);
    }

    /**
     * This JVM's class path plus the jars its own classes, DJL and SLF4J came from: under spark-submit the
     * application jar is on no class path property, only in Spark's class loader.
     */
    static String classPath() {
        Set<String> entries = new LinkedHashSet<>(List.of(System.getProperty("java.class.path").split(File.pathSeparator)));
        for (Class<?> anchor : new Class<?>[] {NativeProbes.class, ai.djl.engine.Engine.class,
                org.slf4j.LoggerFactory.class}) {
            CodeSource source = anchor.getProtectionDomain().getCodeSource();
            if (source != null && "file".equals(source.getLocation().getProtocol())) {
                entries.add(new File(source.getLocation().getPath()).getPath());
            }
        }
        entries.remove("");
        return String.join(File.pathSeparator, entries);
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // a temporary file left behind
            }
        }
    }

    private static String tail(String output) {
        String[] lines = output.strip().split("\n");
        return String.join(" | ", List.of(lines).subList(Math.max(0, lines.length - 3), lines.length));
    }
}
