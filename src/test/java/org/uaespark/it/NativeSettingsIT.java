package org.uaespark.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.uaespark.nativeenv.CpuInfo;
import org.uaespark.nativeenv.NativeVerdict;
import org.uaespark.nativeenv.VerdictCache;
import org.uaespark.testing.Digests;
import org.uaespark.testing.RunDirs;
import org.uaespark.testing.Submit;
import org.uaespark.testing.TinyDatasets;

/**
 * The conv attack through spark-submit with oneDNN capped at SSE4.1 (the environment sets it) and at this machine's
 * verdict (the environment leaves it to {@code uae doctor}'s cached verdict, applied before libtorch loads): the
 * driver logs and records the settings it ran with, each setting publishes the same bytes on one partition and on
 * three, and both runs take the same code path (equal fingerprints: the settings choose kernels, not code).
 */
class NativeSettingsIT {
    @TempDir
    static Path dir;
    private static Path profile;

    @BeforeAll
    static void trainConvModel() {
        // 8×8 images: the conv AE pools twice.
        profile = TinyDatasets.idxProfile(dir.resolve("src"), dir.resolve("runs"), 8, 8);
        RunDirs.append(profile, RunDirs.TINY_ATTACK_PROFILE);
        Submit ingest = Submit.run(dir, List.of(), "local[2]", 4, "ingest", "--profile", profile.toString());
        assertEquals(0, ingest.code(), ingest.output());
        Submit train = Submit.run(dir, List.of(), "local[2]", 4, "train", "--profile", profile.toString(),
                "--model", "conv", "--epochs", "1", "--set", "models.conv.batch-size=25");
        assertEquals(0, train.code(), train.output());
    }

    private static Submit attack(String runId, String master, boolean capped, String... extra) {
        RunDirs.copy(dir.resolve("runs"), "t", runId);
        List<String> args = new ArrayList<>(List.of("attack", "--profile", profile.toString(), "--run-id", runId,
                "--model", "conv", "--method", "mine"));
        args.addAll(RunDirs.TINY_ATTACK_ARGS);
        args.addAll(List.of(extra));
        Submit run = Submit.start(dir, List.of(), master, args, environment -> {
            if (capped) {
                environment.put("ONEDNN_MAX_CPU_ISA", "SSE41");
                environment.put("DNNL_MAX_CPU_ISA", "SSE41");
            } else {
                environment.remove("ONEDNN_MAX_CPU_ISA");
                environment.remove("DNNL_MAX_CPU_ISA");
            }
        }).await(6);
        assertEquals(0, run.code(), run.output());
        return run;
    }

    private static Path output(String runId) {
        return dir.resolve("runs").resolve(runId).resolve("augmented/conv/mine-tiny");
    }

    private static String isaLogged(Submit run) {
        Matcher m = Pattern.compile("native settings \\{[^}]*ONEDNN_MAX_CPU_ISA=(\\w+)").matcher(run.output());
        assertTrue(m.find(), "the driver logs its native settings:\n" + run.output());
        return m.group(1);
    }

    private static String provenance(String runId, String field) throws IOException {
        String text = Files.readString(output(runId).resolve("_provenance.json"));
        Matcher m = Pattern.compile("\"" + field + "\" *: *\"([^\"]*)\"").matcher(text);
        assertTrue(m.find(), field + " in the provenance:\n" + text);
        return m.group(1);
    }

    @Test
    void cappedAndUncappedRunsEachPublishTheSameBytesOnAnyPartitioning() throws IOException {
        String key = VerdictCache.key(CpuInfo.ofThisMachine());
        Submit capped = attack("capped1", "local[1]", true);
        attack("capped3", "local[2]", true, "--partitions", "3");
        Submit verdict = attack("verdict1", "local[1]", false);
        attack("verdict3", "local[2]", false, "--partitions", "3");
        NativeVerdict machine = VerdictCache.shared().read(key).orElseThrow(
                () -> new AssertionError("the driver cached this machine's verdict " + key));

        assertEquals("SSE41", isaLogged(capped));
        assertEquals(machine.environment().get("ONEDNN_MAX_CPU_ISA"), isaLogged(verdict));
        assertTrue(provenance("capped1", "nativeSettings").contains("ONEDNN_MAX_CPU_ISA=SSE41"));
        assertTrue(provenance("verdict1", "nativeSettings")
                .contains("ONEDNN_MAX_CPU_ISA=" + machine.environment().get("ONEDNN_MAX_CPU_ISA")));

        Map<String, String> cappedOne = Digests.parquetFiles(output("capped1"));
        assertFalse(cappedOne.isEmpty());
        assertEquals(cappedOne, Digests.parquetFiles(output("capped3")), "capped: one partition as three");
        assertEquals(Digests.parquetFiles(output("verdict1")), Digests.parquetFiles(output("verdict3")),
                "at the verdict's settings: one partition as three");
        assertEquals(provenance("capped1", "fingerprint"), provenance("verdict1", "fingerprint"),
                "the settings are not an input of the stage: the same code path and fingerprint");
    }
}
