package org.uaespark.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Arrays;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.uaespark.testing.CliRun;
import org.uaespark.testing.IdxFiles;
import org.uaespark.testing.SparkTestSession;
import org.uaespark.testing.TinyDatasets;

/** Exit codes and messages of the command line, and that bad input never publishes anything. */
class CliTest {
    @TempDir
    Path dir;

    private Path runs() {
        return dir.resolve("runs");
    }

    /** Runs ingest of {@code uae.datasets.bad} declared by {@code datasetBody}; expects exit 3 and no output. */
    private String rejected(String datasetBody) {
        Path profile = TinyDatasets.profile(dir.resolve("p"), runs(), "datasets.bad {\n" + datasetBody
                + "\n}\ningest.dataset = bad\n");
        CliRun run = CliRun.of("ingest", "--profile", profile.toString());
        assertEquals(ExitCodes.INVALID_INPUT, run.code(), run.toString());
        assertTrue(run.err().startsWith("uae: input validation failed: "), run.err());
        assertFalse(Files.exists(runs().resolve("t/datasets/bad")), "a table was published");
        Path staging = runs().resolve("t/_staging");
        if (Files.exists(staging)) {
            try (Stream<Path> left = Files.list(staging)) {
                assertEquals(0, left.count(), "staging residue");
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }
        return run.err();
    }

    private String idxDataset(Path images, Path labels) {
        return "format = idx, scaling = divide-255\ntrain { features = \"" + images + "\", labels = \"" + labels + "\" }";
    }

    @Test
    void helpAndVersionExitZero() {
        CliRun help = CliRun.of("--help");
        assertEquals(0, help.code());
        assertTrue(help.out().contains("ingest"), help.out());
        assertTrue(help.out().contains("train"), help.out());
        assertTrue(help.out().contains("bench"), help.out());
        assertTrue(help.out().contains("Exit codes: 0 ok, 2 usage"), help.out());
        CliRun ingestHelp = CliRun.of("ingest", "--help");
        assertTrue(ingestHelp.out().contains("--limit-train"), ingestHelp.out());
        CliRun version = CliRun.of("--version");
        assertEquals(0, version.code());
        assertTrue(version.out().startsWith("uae-spark "), version.out());
    }

    @Test
    void topLevelHelpSummarisesEveryCommandOnOneLine() {
        String help = CliRun.of("--help").out();
        for (String command : new String[] {"ingest", "train", "attack", "retrain", "evaluate", "report", "run", "bench",
                "bench-attack", "mine-check"}) {
            String line = help.lines().filter(l -> l.startsWith("  " + command + " ")).findFirst()
                    .orElseThrow(() -> new AssertionError("no summary of " + command + " in\n" + help));
            assertTrue(line.strip().endsWith("."), "a whole sentence on one line: " + line);
        }
        assertTrue(help.lines().allMatch(l -> l.length() <= 80), help);
        assertTrue(!help.contains("so far"), help);
        String attack = CliRun.of("attack", "--help").out();
        assertTrue(attack.contains("One of mine, l2, gaussian, rotate, fliprot (uae."), attack);
    }

    @Test
    void mineCheckPrintsTheClosedFormAndTheEstimateAtTheAttacksBudget() {
        CliRun check = CliRun.of("mine-check", "--attack-profile", "cpu", "--steps", "10", "--replicates", "1",
                "--set", "attack-profiles.cpu.iterations=4", "--set", "attack-profiles.cpu.hidden=16");
        assertEquals(0, check.code(), check.toString());
        assertTrue(check.out().contains("K 100, p 32, towers 16 -> 10; attack budget 4 x 5 = 20 steps"), check.out());
        assertTrue(check.out().contains(String.format(java.util.Locale.ROOT, "= %.4f nats (rho 0.200)",
                -16 * Math.log(1 - 0.04))), check.out());
        assertTrue(check.out().lines().anyMatch(l -> l.strip().startsWith("20 ") && l.endsWith("<- the attack's budget")),
                check.out());
        assertEquals(2, CliRun.of("mine-check", "--rho", "1").code(), "|rho| < 1");
    }

    @Test
    void benchMeasuresEachRequestedModel() {
        CliRun bench = CliRun.of("bench", "--models", "dense,sparse", "--steps", "2", "--warmup", "0", "--input-shape", "4,4,1",
                "--rows", "1000");
        assertEquals(0, bench.code(), bench.toString());
        String[] lines = bench.out().strip().split("\n");
        assertEquals(4, lines.length, bench.out());
        assertTrue(lines[2].startsWith("dense ") && lines[3].startsWith("sparse "), bench.out());
        // dense on 4×4 inputs with latent 128: 16·128 + 128 + 128·16 + 16 parameters.
        assertTrue(lines[2].matches("dense\\s+4240\\s+100\\s.*"), lines[2]);
        assertEquals(ExitCodes.USAGE, CliRun.of("bench", "--models", "vae").code());
    }

    @Test
    void benchAttackReportsItsRateAgainstThePeakMeasuredInTheSameRun() {
        CliRun bench = CliRun.of("bench-attack", "--attack-profile", "cpu", "--batch-size", "1,2", "--limit", "2",
                "--input-shape", "4,4,1", "--peak-sizes", "64,128", "--set", "attack-profiles.cpu.iterations=2");
        assertEquals(0, bench.code(), bench.toString());
        String[] lines = bench.out().strip().split("\n");
        assertEquals(6, lines.length, bench.out());
        assertEquals("inputs: uniform noise, a fresh dense model", lines[1]);
        java.util.regex.Matcher peak = java.util.regex.Pattern.compile("fp32 GEMM peak measured now: ([0-9.]+) GFLOP/s "
                + "\\((64|128)×\\2 · \\2×\\2, the best of squares \\[64, 128\\], 5 times each\\)").matcher(lines[2]);
        assertTrue(peak.matches(), lines[2]);
        for (String row : new String[] {lines[4], lines[5]}) {
            String[] f = row.strip().split("\\s+");
            double samplesPerSecond = Double.parseDouble(f[2]);
            double gflops = Double.parseDouble(f[5]);
            double percent = Double.parseDouble(f[6].replace("%", ""));
            // The share of the peak is the row's own rate over the probe's, to the printed rounding.
            assertEquals(100 * gflops / Double.parseDouble(peak.group(1)), percent, 0.05 + 100 * 0.05 / Double.parseDouble(peak.group(1)), row);
            // Rates are the counted work per sample times the throughput; the layer-by-layer count is the larger.
            assertEquals(Double.parseDouble(f[4]) * samplesPerSecond, gflops, 0.05 + 0.0005 * samplesPerSecond + 0.0005 * gflops, row);
            assertEquals(Double.parseDouble(f[7]) * samplesPerSecond, Double.parseDouble(f[8]), 0.05 + 0.005 * samplesPerSecond, row);
            assertTrue(Double.parseDouble(f[7]) > Double.parseDouble(f[4]), row);
        }
    }

    /**
     * One spelling per concept across commands, defaults printed as they are typed, and options a command would
     * ignore not offered: every command's and subcommand's help is read.
     */
    @Test
    void optionsHaveOneSpellingAndDefaultsPrintAsTyped() {
        java.util.Map<String, String> helps = new java.util.LinkedHashMap<>();
        for (String command : List.of("init", "ingest", "train", "attack", "retrain", "evaluate", "report", "run", "plan",
                "status", "bench", "bench-attack", "mine-check", "doctor", "export uaes", "export metrics")) {
            CliRun help = CliRun.of((command + " --help").split(" "));
            assertEquals(0, help.code(), command);
            helps.put(command, help.out());
        }
        java.util.regex.Pattern shouting = java.util.regex.Pattern.compile("default: [A-Z][A-Z_]+\\b");
        for (var help : helps.entrySet()) {
            assertFalse(shouting.matcher(help.getValue()).find(), help.getKey() + " prints an enum's Java name:\n"
                    + help.getValue());
            for (String retired : List.of("--shape", "--batch-sizes", "--samples")) {
                assertFalse(help.getValue().contains(retired + " "), help.getKey() + " offers " + retired);
            }
        }
        for (String command : List.of("train", "attack", "retrain", "evaluate", "run", "bench")) {
            assertTrue(helps.get(command).contains("--device"), command + " takes --device");
        }
        for (String command : List.of("attack", "bench", "bench-attack")) {
            assertTrue(helps.get(command).contains("--input-shape"), command + " takes --input-shape");
        }
        for (String command : List.of("status", "export metrics", "export uaes")) {
            assertFalse(helps.get(command).contains("--seed") || helps.get(command).contains("--master"),
                    command + " reads only: no --seed, no --master");
        }
        assertTrue(helps.get("plan").contains("--seed") && helps.get("plan").contains("--master"),
                "plan passes them on to every task");
        assertTrue(helps.get("status").contains("(default: text)"), helps.get("status"));
        assertTrue(helps.get("bench-attack").contains("(default: dense)"), helps.get("bench-attack"));
        assertEquals(ExitCodes.USAGE, CliRun.of("status", "--seed", "3").code(), "status takes no --seed");
    }

    @Test
    void usageErrorsExitTwo() {
        assertEquals(ExitCodes.USAGE, CliRun.of().code());
        assertEquals(ExitCodes.USAGE, CliRun.of("ingest", "--no-such-flag").code());
        assertEquals(ExitCodes.USAGE, CliRun.of("ingest", "--limit-train", "many").code());
        CliRun profile = CliRun.of("ingest", "--profile", "no-such-profile");
        assertEquals(ExitCodes.USAGE, profile.code());
        assertTrue(profile.err().contains("unknown profile 'no-such-profile'"), profile.err());
        CliRun dataset = CliRun.of("ingest", "--runs-root", runs().toString(), "--dataset", "svhn");
        assertEquals(ExitCodes.USAGE, dataset.code());
        assertTrue(dataset.err().contains("'svhn' is not defined"), dataset.err());
    }

    @Test
    void wrongIdxMagicIsInvalidInput() throws IOException {
        Path images = Files.write(dir.resolve("images"), new byte[] {1, 2, 3, 4, 0, 0, 0, 1});
        Path labels = IdxFiles.labels(dir.resolve("labels"), 1, 1, false);
        assertTrue(rejected(idxDataset(images, labels)).contains(images + ": not an IDX file: wrong magic number"));
    }

    @Test
    void truncatedIdxPayloadIsInvalidInput() throws IOException {
        byte[] whole = IdxFiles.bytes(0x08, new int[] {5, 2, 2}, new byte[20]);
        Path images = Files.write(dir.resolve("images"), Arrays.copyOf(whole, whole.length - 3));
        Path labels = IdxFiles.labels(dir.resolve("labels"), 5, 2, false);
        assertTrue(rejected(idxDataset(images, labels)).contains("truncated payload"));
    }

    @Test
    void imageLabelCountMismatchIsInvalidInput() {
        Path images = IdxFiles.images(dir.resolve("images"), 5, 2, 2, false);
        Path labels = IdxFiles.labels(dir.resolve("labels"), 4, 2, true);
        assertTrue(rejected(idxDataset(images, labels)).contains("image/label count mismatch"));
    }

    @Test
    void missingAndEmptyFilesAreInvalidInput() throws IOException {
        Path labels = IdxFiles.labels(dir.resolve("labels"), 4, 2, false);
        assertTrue(rejected(idxDataset(dir.resolve("nope"), labels)).contains(dir.resolve("nope") + ": file not found"));
        Path empty = Files.createFile(dir.resolve("empty.csv"));
        assertTrue(rejected("format = csv, scaling = minmax, train.features = \"" + empty + "\"")
                .contains(empty + ": file is empty"));
    }

    @Test
    void badCsvCellsAndRowsAreInvalidInput() throws IOException {
        Path nan = Files.writeString(dir.resolve("nan.csv"), "1,2\n3,nan\n");
        assertTrue(rejected("format = csv, scaling = minmax, train.features = \"" + nan + "\"")
                .contains(nan + ": missing value 'nan' at record 2, column 2; set csv.impute"));
        Path text = Files.writeString(dir.resolve("text.csv"), "1,2\n3,abc\n");
        assertTrue(rejected("format = csv, scaling = minmax, train.features = \"" + text + "\"")
                .contains("non-numeric cell 'abc'"));
        Path ragged = Files.writeString(dir.resolve("ragged.csv"), "1,2\n3\n");
        assertTrue(rejected("format = csv, scaling = minmax, train.features = \"" + ragged + "\"")
                .contains("ragged row at record 2"));
    }

    @Test
    void valuesOutsideTheUnitIntervalAreCaughtBeforePublishing() {
        Path source = dir.resolve("source");
        SparkTestSession.get().range(0, 50)
                .selectExpr("id", "array(cast(id as float) / 10, if(id = 7, cast('NaN' as float), 0.5f)) as f")
                .write().parquet(source.toString());
        String err = rejected("format = parquet, scaling = none, train.features = \"" + source + "\"\n"
                + "parquet { id-column = id, features-column = f }");
        assertTrue(err.contains("column features: elements that are null, NaN or outside [0.0, 1.0] (40 rows, e.g. sample_id=11)"),
                err);
    }

    @Test
    void parquetSourceWithoutItsIdColumnIsInvalidInput() {
        Path source = dir.resolve("source");
        SparkTestSession.get().range(0, 5).selectExpr("array(0.5f) as features").write().parquet(source.toString());
        String err = rejected("format = parquet, scaling = none, train.features = \"" + source + "\"");
        assertTrue(err.contains("id column 'sample_id' not found; columns are [features]"), err);
    }

    @Test
    void aFolderWhereAFileBelongsIsInvalidInput() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("images-folder"));
        Path labels = IdxFiles.labels(dir.resolve("labels"), 4, 2, false);
        String err = rejected(idxDataset(folder, labels));
        assertTrue(err.contains(folder + ": "), err);
        assertTrue(err.contains("not a regular file"), err);
    }

    @Test
    void parquetSourceColumnsOfTheWrongTypeAreInvalidInput() {
        Path strings = dir.resolve("strings");
        SparkTestSession.get().range(0, 5).selectExpr("cast(id as string) as sample_id", "'0.5' as features")
                .write().parquet(strings.toString());
        String err = rejected("format = parquet, scaling = none, train.features = \"" + strings + "\"");
        assertTrue(err.contains("features column 'features' must be an array of numbers but is string"), err);
        Path labels = dir.resolve("labels-as-text");
        SparkTestSession.get().range(0, 5).selectExpr("cast(id as string) as sample_id", "array(0.5f) as features",
                "'cat' as y").write().parquet(labels.toString());
        err = rejected("format = parquet, scaling = none, train.features = \"" + labels + "\"\n"
                + "parquet.label-column = y");
        assertTrue(err.contains("label column 'y' must be numeric but is string"), err);
    }

    @Test
    void unwritableOutputIsInvalidInputAndReadsNothing() throws IOException {
        Path notADirectory = Files.writeString(dir.resolve("file"), "x");
        Path profile = TinyDatasets.idxProfile(dir.resolve("src"), notADirectory.resolve("runs"));
        CliRun run = CliRun.of("ingest", "--profile", profile.toString());
        assertEquals(ExitCodes.INVALID_INPUT, run.code(), run.toString());
        assertTrue(run.err().contains(notADirectory.resolve("runs/t") + " is not writable"), run.err());
    }
}
