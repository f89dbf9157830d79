package org.uaespark.mine;

import java.util.Arrays;
import java.util.Locale;

/**
 * The arithmetic of the statistics networks' towers and head. Parameters, gradients and optimiser state stay
 * float32 either way; {@link #BF16} evaluates the towers on bfloat16 copies of them (the copies are part of the
 * graph), which CPUs with AVX512-BF16 or AMX and current GPUs multiply several times faster. The estimate's
 * exponentials and logarithms stay float32.
 */
public enum Precision {
    /** Float32 throughout: the published configuration. */
    FP32,
    /** Towers and head in bfloat16 with float32 master weights. */
    BF16;

    /** The configuration spelling: {@code fp32} or {@code bf16}. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code fp32} or {@code bf16}. */
    public static Precision fromConfig(String value) {
        return Arrays.stream(values()).filter(p -> p.configName().equals(value)).findFirst().orElseThrow(
                () -> new IllegalArgumentException("precision must be fp32 or bf16, got '" + value + "'"));
    }
}
