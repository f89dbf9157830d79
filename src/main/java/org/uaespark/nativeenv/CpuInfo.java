package org.uaespark.nativeenv;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The processor this JVM runs on, as Linux's {@code /proc/cpuinfo} describes it: vendor, model name and the
 * instruction-set flags the native libraries dispatch on (MKL, oneDNN and ATen choose their kernels from them).
 *
 * @param vendor {@code GenuineIntel}, {@code AuthenticAMD}, … ({@code unknown} off Linux)
 * @param model  the model name line
 * @param flags  the flags line, as a sorted set
 */
public record CpuInfo(String vendor, String model, Set<String> flags) {
    private static final Path CPUINFO = Path.of("/proc/cpuinfo");
    private static final List<String> AVX512_CORE = List.of("avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl");

    /** This machine's processor; vendor and model {@code unknown} and no flags where /proc/cpuinfo is absent. */
    public static CpuInfo ofThisMachine() {
        try {
            return parse(Files.readAllLines(CPUINFO));
        } catch (IOException e) {
            return new CpuInfo("unknown", "unknown " + System.getProperty("os.arch"), Set.of());
        }
    }

    /** The first processor block of a /proc/cpuinfo text. */
    static CpuInfo parse(List<String> lines) {
        String vendor = "unknown";
        String model = "unknown";
        Set<String> flags = new TreeSet<>();
        for (String line : lines) {
            if (line.isBlank() && !flags.isEmpty()) {
                break;
            }
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String key = line.substring(0, colon).trim();
            String value = line.substring(colon + 1).trim();
            switch (key) {
                case "vendor_id" -> vendor = value;
                case "model name" -> model = value;
                case "flags" -> flags.addAll(Arrays.asList(value.split("\\s+")));
                default -> {
                }
            }
        }
        return new CpuInfo(vendor, model, Set.copyOf(flags));
    }

    /** Whether the processor reports {@code flag}. */
    public boolean has(String flag) {
        return flags.contains(flag);
    }

    /** AVX2 with FMA: what ATen's {@code avx2} kernels and MKL's {@code AVX2} branch need. */
    public boolean avx2() {
        return has("avx2") && has("fma");
    }

    /** The AVX-512 subsets of MKL's {@code AVX512} branch and oneDNN's {@code avx512_core}. */
    public boolean avx512() {
        return flags.containsAll(AVX512_CORE);
    }

    /** bf16 arithmetic in hardware: AVX512-BF16 or AMX-BF16. */
    public boolean bf16() {
        return has("avx512_bf16") || has("amx_bf16");
    }

    /**
     * MKL's conditional-numerical-reproducibility branches this processor runs, newest first, each in strict mode
     * ({@code MKL_CBWR} values): {@code AUTO} always, then {@code AVX512}, {@code AVX2}, {@code AVX},
     * {@code SSE4_2} where the flags allow, and {@code COMPATIBLE} always.
     */
    public List<String> mklBranches() {
        List<String> out = new java.util.ArrayList<>(List.of("AUTO,STRICT"));
        if (avx512()) {
            out.add("AVX512,STRICT");
        }
        if (avx2()) {
            out.add("AVX2,STRICT");
        }
        if (has("avx")) {
            out.add("AVX,STRICT");
        }
        if (has("sse4_2")) {
            out.add("SSE4_2,STRICT");
        }
        out.add("COMPATIBLE,STRICT");
        return List.copyOf(out);
    }
}
