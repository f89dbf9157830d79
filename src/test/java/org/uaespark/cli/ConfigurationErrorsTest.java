package org.uaespark.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.uaespark.testing.CliRun;
import org.uaespark.testing.TinyDatasets;

/**
 * Mistakes a user makes on the command line: each is a clear error with the right exit code, naming the key,
 * flag or model at fault, before anything runs.
 */
class ConfigurationErrorsTest {
    @TempDir
    static Path dir;
    private static Path profile;

    @BeforeAll
    static void ingest() {
        profile = TinyDatasets.idxProfile(dir.resolve("src"), dir.resolve("runs"));
        assertEquals(0, CliRun.of("ingest", "--profile", profile.toString()).code());
    }

    private static CliRun uae(String... args) {
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--profile";
        all[args.length + 1] = profile.toString();
        return CliRun.of(all);
    }

    @Test
    void aMistypedKeyIsRefusedWithTheNearestKnownOne() {
        CliRun typo = uae("attack", "--set", "attack.batchsize=4");
        assertEquals(ExitCodes.USAGE, typo.code(), typo.toString());
        assertTrue(typo.err().contains("unknown configuration key uae.attack.batchsize (command line); did you mean "
                + "uae.attack.batch-size?"), typo.err());
        CliRun nothingClose = uae("ingest", "--set", "completely.unrelated=1");
        assertEquals(ExitCodes.USAGE, nothingClose.code());
        assertFalse(nothingClose.err().contains("did you mean"), nothingClose.err());
        // New entries of the open maps are definitions, not typos.
        assertEquals(0, uae("ingest", "--set", "datasets.extra.format=idx").code());
    }

    @Test
    void aMistypedKeyInAProfileIsRefusedNamingTheProfile() throws IOException {
        Path bad = Files.writeString(dir.resolve("typo.conf"), "uae.retrain.repaets = 5\n");
        CliRun run = CliRun.of("retrain", "--profile", bad.toString(), "--run-id", "other");
        assertEquals(ExitCodes.USAGE, run.code(), run.toString());
        assertTrue(run.err().contains("unknown configuration key uae.retrain.repaets (profile: " + bad
                + "); did you mean uae.retrain.repeats?"), run.err());
    }

    @Test
    void aKeyOfAnEarlierVersionSaysWhatReplacedIt() throws IOException {
        Path old = Files.writeString(dir.resolve("old.conf"), "uae.retrain.original-repeats = 3\n");
        CliRun run = CliRun.of("retrain", "--profile", old.toString(), "--run-id", "other");
        assertEquals(ExitCodes.USAGE, run.code(), run.toString());
        assertTrue(run.err().contains("unknown configuration key uae.retrain.original-repeats (profile: " + old
                + "); it was replaced by uae.retrain.repeats"), run.err());
    }

    @Test
    void epochsBelowOneAreAConfigurationError() {
        for (String epochs : new String[] {"-1", "0"}) {
            CliRun run = uae("train", "--model", "sparse", "--epochs", epochs);
            assertEquals(ExitCodes.USAGE, run.code(), run.toString());
            assertTrue(run.err().contains("--epochs must be at least 1, got " + epochs), run.err());
        }
        CliRun viaKey = uae("train", "--model", "sparse", "--set", "models.sparse.epochs=0");
        assertEquals(ExitCodes.USAGE, viaKey.code(), viaKey.toString());
        assertTrue(viaKey.err().contains("epochs 0"), viaKey.err());
        assertFalse(Files.exists(dir.resolve("runs/t/models/sparse")), "no untrained model is published");
    }

    @Test
    void aBadAttackSettingIsNamed() {
        CliRun negative = uae("attack", "--batch-size", "-1");
        assertEquals(ExitCodes.USAGE, negative.code(), negative.toString());
        assertTrue(negative.err().contains("uae.attack: batch-size must be auto or a positive number, got '-1'"),
                negative.err());
        CliRun units = uae("attack", "--set", "attack.samples-per-unit=0");
        assertEquals(ExitCodes.USAGE, units.code());
        assertTrue(units.err().contains("samples-per-unit must be at least 1, got 0"), units.err());
    }

    @Test
    void aBatchWhoseProjectionsOverflowAJavaArrayIsRefusedBeforeAnyCompute() {
        CliRun train = uae("train", "--model", "adversarial", "--epochs", "1");
        assertEquals(0, train.code(), train.toString());
        // redraw at the paper's K = 500, p = 128: one [B, d, K·p] array; with d = 30 at most 1,118 samples fit.
        CliRun run = uae("attack", "--model", "adversarial", "--attack-profile", "paper", "--batch-size", "2000");
        assertEquals(ExitCodes.USAGE, run.code(), run.toString());
        assertTrue(run.err().contains("uae.attack.batch-size 2000 is too large for the redraw projections of "
                + "30-value samples with k 500 and p 128"), run.err());
        assertTrue(run.err().contains("use at most 1118"), run.err());
        assertEquals(42, org.uaespark.mine.RandomProjections.maxBatch(784, 500, 128,
                org.uaespark.mine.ProjectionMode.REDRAW), "MNIST at the paper's settings: 43 overflowed an int");
    }

    @Test
    void anUnknownModelIsNamedWithTheKindsThatCanBeTrained() {
        CliRun run = uae("attack", "--model", "nosuch");
        assertEquals(ExitCodes.INVALID_INPUT, run.code(), run.toString());
        assertTrue(run.err().contains("has no published model 'nosuch'"), run.err());
        assertTrue(run.err().contains("`uae train --model KIND`, KIND one of [sparse, dense, conv, adversarial, concrete, simclr]"),
                run.err());
        assertFalse(run.err().contains("uae train --model nosuch"), run.err());
    }

    @Test
    void aRunRemembersItsProfileAndRefusesAnother() throws IOException {
        // No --profile: the run's own (which declares the tiny dataset the run was ingested from).
        CliRun train = CliRun.of("train", "--run-id", "t", "--runs-root", dir.resolve("runs").toString(), "--model",
                "dense", "--epochs", "1", "--set", "models.dense.latent=4");
        assertEquals(0, train.code(), train.toString());
        Path other = Files.writeString(dir.resolve("other.conf"), Files.readString(profile));
        CliRun conflicting = CliRun.of("train", "--profile", other.toString(), "--model", "dense");
        assertEquals(ExitCodes.USAGE, conflicting.code(), conflicting.toString());
        assertTrue(conflicting.err().contains("run t was created with --profile " + profile + ", not " + other),
                conflicting.err());
    }

    @Test
    void anUnwritableOutputLocationIsTheSameInputErrorForEveryStage() throws IOException {
        Path file = Files.writeString(dir.resolve("a-file"), "not a folder");
        for (String command : new String[] {"ingest", "attack", "retrain"}) {
            CliRun run = uae(command, "--runs-root", file.toString());
            assertEquals(ExitCodes.INVALID_INPUT, run.code(), command + ": " + run);
            assertTrue(run.err().contains(file.resolve("t") + " is not writable"), run.err());
        }
    }
}
