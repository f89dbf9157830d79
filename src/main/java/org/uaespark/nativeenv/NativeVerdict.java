package org.uaespark.nativeenv;

import java.util.List;
import java.util.Map;

/**
 * The native settings chosen for one machine by {@link Doctor}, with the probes that chose them; cached per
 * processor model and library versions ({@link #key}).
 *
 * @param key         what the verdict is valid for: a digest of the processor and the native library versions
 * @param cpu         the processor probed
 * @param environment the variables every JVM of the pipeline on this machine runs with, by name
 * @param probes      every probe run, in order
 * @param notes       one line per decision, said to a person
 * @param created     when the probes ran (ISO-8601, UTC)
 */
public record NativeVerdict(String key, CpuInfo cpu, Map<String, String> environment, List<ProbeResult> probes,
        List<String> notes, String created) {
}
