package org.uaespark.config;

import java.util.Locale;

/** What a stage does when the run already holds the output it would publish. */
public enum OnExisting {
    /** Keep it if it was built from the same inputs and settings (same fingerprint), else fail (exit 2). */
    SKIP_IF_IDENTICAL,
    /** Replace it atomically. */
    OVERWRITE,
    /** Always fail (exit 2). */
    FAIL;

    /** Parses {@code skip-if-identical}, {@code overwrite} or {@code fail}. */
    public static OnExisting fromConfig(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("on-existing '" + value + "' must be skip-if-identical, overwrite or fail",
                    e);
        }
    }
}
