package org.uaespark.nativeenv;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
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
 *   <li>{@code ATEN_CPU_CAPABILITY=avx2} wherever the processor has AVX2 (else {@code default}). ATen's AVX-512
 *   elementwise kernels work in blocks of 32 floats and finish a tensor's last partial block in scalar code, whose
 *   transcendental functions round differently: a sample whose values fell in that tail (the last of an odd batch
 *   of 784-pixel images) got other bits than at any other position. With AVX2 the block is 16 floats, which
 *   divides every image shape the pipeline reads, and Intel and AMD run the same kernels.</li>
 *   <li>{@code ONEDNN_MAX_CPU_ISA}: unset (oneDNN's full instruction set) where the convolution probe passes at
 *   it, {@code SSE41} where it fails, with the failure as the reason.</li>
 *   <li>{@code MKL_CBWR}: the first strict reproducibility branch under which the batch-invariance probe passes,
 *   trying {@code AVX2,STRICT} first (the same MKL kernels on Intel and AMD), then the others the processor
 *   runs.</li>
 * </ul>
 */
public final class Doctor {
    /** Raised when probes change, so that cached verdicts of older probes are not reused. */
    static final int PROBE_VERSION = 1;
    /** The variables a verdict sets. */
    public static final List<String> VARIABLES = List.of("ATEN_CPU_CAPABILITY", "ONEDNN_MAX_CPU_ISA",
            "DNNL_MAX_CPU_ISA", "MKL_CBWR");
    /** The value of {@code ONEDNN_MAX_CPU_ISA} that lets oneDNN use every instruction the processor has. */
    static final String FULL_ISA = "ALL";
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
        String aten = cpu.avx2() ? "avx2" : "default";
        chosen.put("ATEN_CPU_CAPABILITY", aten);
        notes.add("ATen kernels at " + aten + ": blocks of " + (cpu.avx2() ? "16" : "8") + " floats, so a sample's"
                + " elementwise results do not depend on where it stands in a batch when its size is a multiple of "
                + "that (every image shape); AVX-512's 32-float blocks made them depend on it");

        ProbeResult conv = run(NativeProbes.CONV_BACKWARD, settings(aten, FULL_ISA, "AUTO,STRICT"));
        probes.add(conv);
        String isa = conv.passed() ? FULL_ISA : CAPPED_ISA;
        chosen.put("ONEDNN_MAX_CPU_ISA", isa);
        chosen.put("DNNL_MAX_CPU_ISA", isa);
        notes.add(conv.passed() ? "oneDNN at its full instruction set: its convolutions passed the probe there"
                : "oneDNN capped at SSE4.1: at its full instruction set " + conv.detail());

        String mkl = null;
        for (String branch : mklPreference()) {
            ProbeResult invariance = run(NativeProbes.BATCH_INVARIANCE, settings(aten, isa, branch));
            probes.add(invariance);
            if (invariance.passed()) {
                mkl = branch;
                break;
            }
        }
        if (mkl == null) {
            mkl = "COMPATIBLE,STRICT";
            notes.add("no MKL branch kept a sample's results independent of its batch on this machine: published "
                    + "outputs may depend on the partitioning here (MKL_CBWR=" + mkl + ", the most conservative)");
        } else {
            notes.add("MKL_CBWR=" + mkl + ": the first strict branch under which a sample's results were the same "
                    + "bits wherever it stood in its batch");
        }
        chosen.put("MKL_CBWR", mkl);
        notes.add(cpu.bf16() ? "bf16 in hardware (" + String.join(", ", bf16Flags()) + "); oneDNN reaches it only "
                + "at its full instruction set" + (isa.equals(FULL_ISA) ? ", which this verdict allows" : ", capped here")
                : "no bf16 in hardware: bf16 would be emulated, slower than fp32");
        return new NativeVerdict(VerdictCache.key(cpu), cpu, chosen, probes, notes,
                Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
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
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        builder.environment().put("OMP_NUM_THREADS", "1");
        String output;
        int exit;
        try {
            Process child = builder.start();
            child.getOutputStream().close();
            output = readAll(child.getInputStream());
            if (!child.waitFor(CHILD_TIMEOUT_S, TimeUnit.SECONDS)) {
                child.destroyForcibly();
                output += "\n(timed out)";
            }
            exit = child.exitValue();
        } catch (IOException e) {
            return result(name, environment, false, "could not start a JVM for the probe: " + e.getMessage(), start);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return result(name, environment, false, "interrupted", start);
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

    private static String readAll(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    private static String tail(String output) {
        String[] lines = output.strip().split("\n");
        return String.join(" | ", List.of(lines).subList(Math.max(0, lines.length - 3), lines.length));
    }
}
