package org.uaespark.pipeline;

import java.time.Duration;
import java.util.Locale;

/** Durations in progress lines as people read them: {@code 45 s}, {@code 3 min 05 s}, {@code 2 h 07 min}. */
final class ProgressTime {
    private ProgressTime() {
    }

    /** {@code d} rounded to the second, in hours and minutes, minutes and seconds, or seconds. */
    static String of(Duration d) {
        long seconds = Math.max(0, d.plusMillis(500).getSeconds());
        if (seconds >= 3600) {
            return String.format(Locale.ROOT, "%d h %02d min", seconds / 3600, seconds % 3600 / 60);
        }
        if (seconds >= 60) {
            return String.format(Locale.ROOT, "%d min %02d s", seconds / 60, seconds % 60);
        }
        return seconds + " s";
    }
}
