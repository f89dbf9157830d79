package org.uaespark.nativeenv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The doctor's parts, and its probes run for real in child JVMs: the batch-invariance probe passes under the
 * settings the tests pin, a negative control (ATen's flat sigmoid) fails, so the comparisons can, and the probe runs
 * under every MKL branch the processor runs, at its widest ATen level (each result printed).
 */
class DoctorTest {
    private static final CpuInfo THIS = CpuInfo.ofThisMachine();

    @Test
    void cpuinfoIsReadFromItsFirstProcessorBlock() {
        CpuInfo cpu = CpuInfo.parse(List.of("processor\t: 0", "vendor_id\t: AuthenticAMD",
                "model name\t: AMD EPYC 7B13", "flags\t\t: fpu sse4_2 avx avx2 fma", "", "processor\t: 1",
                "flags\t\t: avx512f"));
        assertEquals("AuthenticAMD", cpu.vendor());
        assertEquals("AMD EPYC 7B13", cpu.model());
        assertEquals(Set.of("fpu", "sse4_2", "avx", "avx2", "fma"), cpu.flags());
        assertTrue(cpu.avx2());
        assertFalse(cpu.avx512());
        assertEquals(List.of("AUTO,STRICT", "AVX2,STRICT", "AVX,STRICT", "SSE4_2,STRICT", "COMPATIBLE,STRICT"),
                cpu.mklBranches());
        assertEquals(List.of("AVX2,STRICT", "AUTO,STRICT", "AVX,STRICT", "SSE4_2,STRICT", "COMPATIBLE,STRICT"),
                new Doctor(cpu, line -> { }).mklPreference());
        CpuInfo old = CpuInfo.parse(List.of("vendor_id : GenuineIntel", "flags : sse4_2"));
        assertEquals(List.of("AUTO,STRICT", "SSE4_2,STRICT", "COMPATIBLE,STRICT"),
                new Doctor(old, line -> { }).mklPreference());
    }

    @Test
    void theKeyChangesWithTheProcessor() {
        CpuInfo a = new CpuInfo("GenuineIntel", "Xeon", Set.of("avx2", "fma"));
        CpuInfo b = new CpuInfo("GenuineIntel", "Xeon", Set.of("avx2", "fma", "avx512f"));
        assertEquals(VerdictCache.key(a), VerdictCache.key(new CpuInfo("GenuineIntel", "Xeon", Set.of("fma", "avx2"))));
        assertNotEquals(VerdictCache.key(a), VerdictCache.key(b));
        assertEquals(16, VerdictCache.key(a).length());
    }

    @Test
    void aVerdictIsProbedOnceAndReadBack(@TempDir Path dir) throws Exception {
        VerdictCache cache = new VerdictCache(dir);
        NativeVerdict made = new NativeVerdict("k1", THIS, Map.of("MKL_CBWR", "AVX2,STRICT"),
                List.of(new ProbeResult("batch-invariance", Map.of("MKL_CBWR", "AVX2,STRICT"), true, "passed", 1.5)),
                List.of("a note"), "2026-12-07T00:00:00Z");
        AtomicInteger probes = new AtomicInteger();
        assertEquals(made, cache.getOrCreate("k1", false, () -> {
            probes.incrementAndGet();
            return made;
        }));
        assertEquals(made, cache.getOrCreate("k1", false, () -> {
            throw new AssertionError("probed again although cached");
        }));
        assertEquals(made, cache.read("k1").orElseThrow());
        cache.getOrCreate("k1", true, () -> {
            probes.incrementAndGet();
            return made;
        });
        assertEquals(2, probes.get(), "--refresh probes again");
        Files.writeString(cache.file("k2"), "{ not json");
        assertTrue(cache.read("k2").isEmpty(), "an unreadable verdict counts as none");
        assertTrue(cache.read("k3").isEmpty());
        try (var files = Files.list(dir)) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().endsWith(".tmp")), "no partial file left");
        }
    }

    @Test
    void theChosenSettingsKeepASampleIndependentOfItsBatchPosition() {
        assumeTrue(THIS.avx2(), "AVX2 machine");
        Doctor doctor = new Doctor(THIS, line -> { });
        ProbeResult chosen = doctor.run(NativeProbes.BATCH_INVARIANCE, Doctor.settings("avx2", "SSE41", "AVX2,STRICT"));
        assertTrue(chosen.passed(), chosen.detail());
        ProbeResult conv = doctor.run(NativeProbes.CONV_BACKWARD, Doctor.settings("avx2", "SSE41", "AVX2,STRICT"));
        assertTrue(conv.passed(), "oneDNN at SSE4.1, the cap: " + conv.detail());
    }

    @Test
    void underEveryMklBranchTheProbeSeesWhatItChecks() {
        assumeTrue(THIS.avx2(), "AVX2 machine");
        Doctor doctor = new Doctor(THIS, line -> { });
        ProbeResult control = doctor.run(NativeProbes.CONTROL, Doctor.settings("avx2", "SSE41", "AVX2,STRICT"));
        assertFalse(control.passed(), "the flat sigmoid's tail is seen: the comparisons can fail");
        assertTrue(control.detail().contains("flat sigmoid: sample"), control.detail());
        String level = doctor.atenPreference().get(0);
        int passing = 0;
        for (String branch : THIS.mklBranches()) {
            ProbeResult r = doctor.run(NativeProbes.BATCH_INVARIANCE, Doctor.settings(level, "SSE41", branch));
            System.out.printf("batch invariance, ATen %s, MKL_CBWR=%s: %s%n", level, branch, r.detail());
            passing += r.passed() ? 1 : 0;
        }
        assertTrue(passing > 0, "some MKL branch keeps a sample independent of its batch position");
    }

    @Test
    void aProbeThatDiesHasNotPassed() {
        ProbeResult r = new Doctor(THIS, line -> { }).run("no-such-probe", Doctor.settings("avx2", "SSE41",
                "AUTO,STRICT"));
        assertFalse(r.passed());
        assertTrue(r.detail().contains("usage"), r.detail());
    }
}
