package org.uaespark.cli;

import java.io.PrintWriter;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import org.uaespark.nativeenv.CpuInfo;
import org.uaespark.nativeenv.Doctor;
import org.uaespark.nativeenv.NativeVerdict;
import org.uaespark.nativeenv.ProbeResult;
import org.uaespark.nativeenv.VerdictCache;

/**
 * {@code uae doctor}: this machine's native settings, probed once and cached by processor and library versions
 * ({@link Doctor}); every pipeline JVM on the machine then runs with them. Prints each probe and decision and exits
 * 0 whatever they found: a cap or a fallback is a verdict, not an error.
 */
@Command(name = "doctor", mixinStandardHelpOptions = true,
        header = "Probe this machine's native libraries and print the settings the pipeline will use.",
        description = {"Runs, each in a JVM of its own: oneDNN's convolutions at the full instruction set (capped at",
                "SSE4.1 where they fail), and a sample's attack results against its batch position under MKL's",
                "strict reproducibility branches (the first that passes is used). Caches the verdict per processor",
                "model and library versions (UAE_NATIVE_CACHE, else ~/.cache/uae-spark/native); drivers and",
                "executors read it before libtorch loads. Variables set in the environment win."})
final class DoctorCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--refresh", description = "Probe again even if a verdict is cached, and replace it.")
    boolean refresh;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        CpuInfo cpu = CpuInfo.ofThisMachine();
        VerdictCache cache = VerdictCache.shared();
        String key = VerdictCache.key(cpu);
        NativeVerdict verdict = cache.getOrCreate(key, refresh, () -> new Doctor(cpu, line -> {
            out.println("  " + line);
            out.flush();
        }).diagnose());
        out.println("processor: " + cpu.model() + " (" + cpu.vendor() + ")");
        out.println("verdict " + verdict.key() + " of " + verdict.created() + ": " + cache.file(key));
        for (ProbeResult probe : verdict.probes()) {
            out.printf("  %-16s %-4s %6.1f s  %s%n    %s%n", probe.probe(), probe.passed() ? "PASS" : "FAIL",
                    probe.seconds(), probe.environment(), probe.detail());
        }
        for (String note : verdict.notes()) {
            out.println("  - " + note);
        }
        out.println("settings:");
        for (Map.Entry<String, String> e : verdict.environment().entrySet()) {
            String set = System.getenv(e.getKey());
            out.println("  " + e.getKey() + "=" + e.getValue()
                    + (set != null && !set.equals(e.getValue()) ? "   (this shell sets " + set + ", which wins)" : ""));
        }
        out.println("bf16 (attack-profile precision = bf16): " + bf16(cpu, verdict));
        return ExitCodes.OK;
    }

    /** Whether bfloat16 tower products run at speed here: the instructions, and oneDNN allowed to use them. */
    private static String bf16(CpuInfo cpu, NativeVerdict verdict) {
        boolean instructions = cpu.has("avx512_bf16") || cpu.has("amx_bf16");
        String isa = Optional.ofNullable(System.getenv("ONEDNN_MAX_CPU_ISA"))
                .orElse(verdict.environment().getOrDefault("ONEDNN_MAX_CPU_ISA", Doctor.FULL_ISA));
        if (!instructions) {
            return "no AVX512-BF16 or AMX-BF16 on this processor: bfloat16 products would be emulated; keep fp32";
        }
        if (!Doctor.FULL_ISA.equalsIgnoreCase(isa)) {
            return "the processor has the instructions, but oneDNN is capped at " + isa
                    + " here, where bfloat16 products fall back to slow code; keep fp32";
        }
        return "supported (" + (cpu.has("amx_bf16") ? "AMX-BF16" : "AVX512-BF16")
                + ", oneDNN at its full instruction set); src/site/markdown/performance.md says when it pays";
    }
}
