package org.uaespark.data;

/**
 * Derives independent seeds from a parent seed and a salt (SplitMix64 finaliser), so every random draw of the
 * pipeline is keyed by what it belongs to (run, sample, epoch, iteration, step) and never by batch position,
 * partition or thread.
 */
public final class Seeds {
    private Seeds() {
    }

    /** A seed for {@code salt} under {@code parent}; distinct salts give statistically independent streams. */
    public static long mix(long parent, long salt) {
        long z = parent * 0x9E3779B97F4A7C15L + salt;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** {@link #mix} over several salts in order. */
    public static long mix(long parent, long... salts) {
        long out = parent;
        for (long salt : salts) {
            out = mix(out, salt);
        }
        return out;
    }

    /** A stable 64-bit key of a string (e.g. a sample id), independent of the JVM. */
    public static long key(String text) {
        long h = 0x84222325CBF29CE4L;
        for (int i = 0; i < text.length(); i++) {
            h = mix(h, text.charAt(i));
        }
        return h;
    }
}
