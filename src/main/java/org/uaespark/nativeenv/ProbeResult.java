package org.uaespark.nativeenv;

import java.util.Map;

/**
 * What one probe found in a child JVM started with {@code environment}.
 *
 * @param probe       the probe's name ({@link NativeProbes})
 * @param environment the native settings the child ran under
 * @param passed      whether every check held (a child that crashed did not pass)
 * @param detail      what was checked or what failed, one line
 * @param seconds     the child's wall time
 */
public record ProbeResult(String probe, Map<String, String> environment, boolean passed, String detail,
        double seconds) {
}
