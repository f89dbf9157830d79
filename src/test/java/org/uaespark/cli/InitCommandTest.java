package org.uaespark.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.uaespark.testing.CliRun;
import org.uaespark.testing.RunDirs;

/**
 * {@code uae init} writes profiles that run as they stand: ingest, train and attack on a five-column table without
 * a header (missing cells, label last; a 36-feature table with a header runs in {@code ReadBackExampleTest}); finds
 * a named label column that comes first; refuses text columns (3) and an existing profile (2).
 */
class InitCommandTest {
    @TempDir
    Path dir;

    /** {@code rows} rows of {@code features} features around their class's mean; every 13th row misses a cell. */
    private Path table(String file, String header, int features, int rows, boolean labelFirst) throws IOException {
        SplittableRandom random = new SplittableRandom(11);
        StringBuilder csv = new StringBuilder(header);
        for (int r = 0; r < rows; r++) {
            int label = r % 3;
            StringBuilder row = new StringBuilder();
            for (int j = 0; j < features; j++) {
                double v = 10 * label + 3 * random.nextGaussian() + j;
                row.append(r % 13 == 5 && j == r % features ? "NA" : String.format(Locale.ROOT, "%.3f", v));
                row.append(j + 1 < features ? "," : "");
            }
            csv.append(labelFirst ? label + "," + row : row + "," + label).append('\n');
        }
        return Files.writeString(dir.resolve(file), csv.toString());
    }

    private void runStages(Path profile) {
        RunDirs.append(profile, RunDirs.TINY_ATTACK_PROFILE);
        String runs = "--set=runs-root=" + dir.resolve("runs");
        CliRun ingest = CliRun.of("ingest", "--profile", profile.toString(), runs);
        assertEquals(0, ingest.code(), ingest.toString());
        CliRun train = CliRun.of("train", "--profile", profile.toString(), runs, "--model", "dense", "--epochs", "1");
        assertEquals(0, train.code(), train.toString());
        CliRun attack = CliRun.of("attack", "--profile", profile.toString(), runs, "--model", "dense", "--method",
                "mine", "--attack-profile", "tiny", "--limit", "30");
        assertEquals(0, attack.code(), attack.toString());
    }

    @Test
    void aFiveColumnTableWithoutHeaderGetsAProfileThatRuns() throws IOException {
        Path csv = table("Sensor Log.csv", "", 4, 150, false);
        Path profile = dir.resolve("conf/sensors.conf");
        CliRun init = CliRun.of("init", csv.toString(), "--out", profile.toString());
        assertEquals(0, init.code(), init.toString());
        String text = Files.readString(profile);
        assertTrue(text.contains("csv { header = none, label-column = last, impute = class-mean }"), text);
        assertTrue(text.contains("run-id = sensor-log"), text);
        assertTrue(text.contains("150 rows, 4 feature columns, label column 'c4' (3 distinct integers)"), text);
        assertTrue(init.out().contains("profile: " + profile), init.out());
        runStages(profile);
        assertTrue(Files.isDirectory(dir.resolve("runs/sensor-log/augmented/dense/mine-tiny")));
    }

    @Test
    void aHeaderedTableWithTheLabelFirstGetsItsColumnsByName() throws IOException {
        StringBuilder header = new StringBuilder("target");
        for (int j = 0; j < 36; j++) {
            header.append(",x").append(j);
        }
        Path csv = table("wide.csv", header + "\n", 36, 120, true);
        Path profile = dir.resolve("wide.conf");
        CliRun init = CliRun.of("init", csv.toString(), "--out", profile.toString(), "--name", "wide36");
        assertEquals(0, init.code(), init.toString());
        String text = Files.readString(profile);
        assertTrue(text.contains("csv { header = names, label-column = \"target\", impute = class-mean }"), text);
        assertTrue(text.contains("120 rows, 36 feature columns"), text);
        assertTrue(text.contains("x0 ["), text);
        assertTrue(text.contains("run-id = wide36"), text);
    }

    @Test
    void textColumnsAndAnExistingProfileAreRefused() throws IOException {
        Path csv = Files.writeString(dir.resolve("mixed.csv"), "a,colour,label\n1,red,0\n2,blue,1\n");
        CliRun text = CliRun.of("init", csv.toString(), "--out", dir.resolve("m.conf").toString());
        assertEquals(ExitCodes.INVALID_INPUT, text.code(), text.toString());
        assertTrue(text.err().contains("'colour' (2 non-numeric cells)"), text.err());
        assertFalse(Files.exists(dir.resolve("m.conf")), "nothing written");

        Path existing = Files.writeString(dir.resolve("kept.conf"), "uae {}\n");
        Path plain = Files.writeString(dir.resolve("plain.csv"), "1,2,0\n3,4,1\n");
        CliRun refused = CliRun.of("init", plain.toString(), "--out", existing.toString());
        assertEquals(ExitCodes.USAGE, refused.code(), refused.toString());
        assertEquals("uae {}\n", Files.readString(existing));
        assertEquals(0, CliRun.of("init", plain.toString(), "--out", existing.toString(), "--force").code());
        assertTrue(Files.readString(existing).contains("label-column = last"));
    }

    /**
     * A Parquet file as pandas writes a table (one double column per feature, a bigint label, no id column): the
     * profile names the columns, numbers the rows by file and position, scales min-max and holds out a seeded 20 %;
     * ingest, train and attack run on it as written, and the ids and splits do not depend on the read's partitions.
     */
    @Test
    void aParquetTableOfScalarColumnsGetsAProfileThatRuns() throws IOException {
        org.apache.spark.sql.SparkSession spark = org.uaespark.testing.SparkTestSession.get();
        List<org.apache.spark.sql.Row> rows = new java.util.ArrayList<>();
        SplittableRandom random = new SplittableRandom(5);
        for (int r = 0; r < 200; r++) {
            rows.add(org.apache.spark.sql.RowFactory.create(40 + 5 * random.nextGaussian(), 3.0 * (r % 2),
                    -7 + random.nextDouble(), 1000 * random.nextDouble(), (long) (r % 2)));
        }
        org.apache.spark.sql.types.StructType schema = new org.apache.spark.sql.types.StructType()
                .add("age", "double").add("dose", "double").add("t", "double").add("income", "double")
                .add("target", "bigint");
        Path parquet = dir.resolve("patients.parquet");
        spark.createDataFrame(rows, schema).coalesce(1).write().parquet(parquet.toString());
        Path profile = dir.resolve("patients.conf");
        CliRun init = CliRun.of("init", parquet.toString(), "--out", profile.toString());
        assertEquals(0, init.code(), init.toString());
        String text = Files.readString(profile);
        assertTrue(text.contains("format = parquet") && text.contains("feature-columns = [\"age\", \"dose\", \"t\", \"income\"]")
                && text.contains("label-column = \"target\"") && text.contains("id-column = \"\"")
                && text.contains("scaling = minmax") && text.contains("test-fraction = 0.2"), text);
        runStages(profile);
        org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> table = spark.read()
                .parquet(dir.resolve("runs/patients/datasets/patients").toString());
        assertEquals(200, table.count(), "every row, once");
        long test = table.filter("split = 'test'").count();
        assertTrue(test > 20 && test < 70, "about 20 % held out: " + test);
        assertEquals(200, table.select("sample_id").distinct().count(), "ids are unique");
        assertTrue(table.filter("sample_id rlike '^part-.*-[0-9]{10}$'").count() == 200, "ids: file and position");
        assertEquals(0, table.filter("exists(features, v -> v < 0 or v > 1)").count(), "scaled into [0, 1]");
    }

    /** An IDX image file: the labels file beside it is found by MNIST's naming, and the profile runs. */
    @Test
    void anIdxImageFileGetsItsLabelsAndAProfileThatRuns() throws IOException {
        Path images = dir.resolve("src/train-images-idx3-ubyte");
        org.uaespark.testing.IdxFiles.images(images, 120, 6, 5, false);
        org.uaespark.testing.IdxFiles.labels(dir.resolve("src/train-labels-idx1-ubyte"), 120, 3, false);
        Path profile = dir.resolve("digits.conf");
        CliRun init = CliRun.of("init", images.toString(), "--out", profile.toString(), "--name", "glyphs");
        assertEquals(0, init.code(), init.toString());
        String text = Files.readString(profile);
        assertTrue(text.contains("format = idx") && text.contains("train-labels-idx1-ubyte")
                && text.contains("scaling = divide-255") && text.contains("120 images of shape [6, 5, 1]")
                && text.contains("3 classes") && text.contains("test-fraction = 0.2"), text);
        runStages(profile);
        assertTrue(Files.exists(dir.resolve("runs/glyphs/augmented/dense/mine-tiny/_SUCCESS")));
    }
}
