package org.uaespark.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.uaespark.testing.CliRun;
import org.uaespark.testing.Digests;
import org.uaespark.testing.RealData;
import org.uaespark.testing.SparkTestSession;

/**
 * Full MNIST, Fashion-MNIST and scikit-learn digits, as fetched by {@code jobs/fetch-data}. Skipped when the
 * data folder is absent, unless {@code UAE_REQUIRE_DATA=true} (CI sets it), which turns absence into a failure.
 * Expected per-class counts are the datasets' published ones.
 */
class RealDatasetsTest {
    private static final long[] MNIST_TRAIN = {5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949};
    private static final long[] MNIST_TEST = {980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009};
    private static final long[] DIGITS = {178, 182, 177, 183, 181, 182, 181, 179, 174, 180};

    @TempDir
    Path dir;

    private final SparkSession spark = SparkTestSession.get();
    private final Path dataDir = RealData.dataDir();

    private static void requireData(String folder) {
        RealData.require(folder);
    }

    private Dataset<Row> ingest(String dataset, String... extra) {
        String[] args = new String[] {"ingest", "--runs-root", dir.toString(), "--run-id", "real", "--dataset", dataset,
                "--set", "data-dir=" + dataDir};
        String[] all = new String[args.length + extra.length];
        System.arraycopy(args, 0, all, 0, args.length);
        System.arraycopy(extra, 0, all, args.length, extra.length);
        CliRun run = CliRun.of(all);
        assertEquals(0, run.code(), run.toString());
        return spark.read().parquet(dir.resolve("real/datasets/" + dataset).toString());
    }

    private static long[] classCounts(Dataset<Row> table, String split) {
        long[] counts = new long[10];
        for (Row r : table.filter("split = '" + split + "'").groupBy("label").count().collectAsList()) {
            counts[r.getInt(0)] = r.getLong(1);
        }
        return counts;
    }

    private static void assertUnitRange(Dataset<Row> table) {
        Row range = table.selectExpr("min(array_min(features))", "max(array_max(features))",
                "min(size(features))", "max(size(features))").first();
        assertEquals(0f, range.getFloat(0));
        assertEquals(1f, range.getFloat(1));
        assertEquals(range.getInt(2), range.getInt(3), "every row has the same length");
    }

    @Test
    void mnistHasTheOfficialCountsAndReingestsByteForByte() {
        requireData("mnist");
        Dataset<Row> table = ingest("mnist");
        assertEquals(60_000, table.filter("split = 'train'").count());
        assertEquals(10_000, table.filter("split = 'test'").count());
        assertArrayEquals(MNIST_TRAIN, classCounts(table, "train"));
        assertArrayEquals(MNIST_TEST, classCounts(table, "test"));
        assertUnitRange(table);
        assertEquals(List.of(28, 28, 1), table.first().getList(table.first().fieldIndex("shape")));

        Path published = dir.resolve("real/datasets/mnist");
        Map<String, String> first = Digests.parquetFiles(published);
        assertEquals(4, first.size(), first.toString()); // 3 × 20,000 train rows + 1 test file
        ingest("mnist", "--overwrite");
        assertEquals(first, Digests.parquetFiles(published));
    }

    @Test
    void fashionMnistHasSixThousandTrainAndOneThousandTestImagesPerClass() {
        requireData("fashion-mnist");
        Dataset<Row> table = ingest("fashion-mnist");
        long[] train = classCounts(table, "train");
        long[] test = classCounts(table, "test");
        for (int c = 0; c < 10; c++) {
            assertEquals(6000, train[c], "train class " + c);
            assertEquals(1000, test[c], "test class " + c);
        }
        assertUnitRange(table);
    }

    @Test
    void sklearnDigitsAreMinMaxScaledAndSplitBySeed() {
        requireData("sklearn");
        Dataset<Row> table = ingest("digits");
        assertEquals(1797, table.count());
        long[] all = classCounts(table, "train");
        long[] test = classCounts(table, "test");
        for (int c = 0; c < 10; c++) {
            all[c] += test[c];
        }
        assertArrayEquals(DIGITS, all);
        long testRows = table.filter("split = 'test'").count();
        assertTrue(Math.abs(testRows - 359.4) < 85, "test rows " + testRows); // Binomial(1797, .2): sd 17
        assertUnitRange(table);
        assertEquals(List.of(8, 8, 1), table.first().getList(table.first().fieldIndex("shape")));
        assertTrue(Files.exists(dir.resolve("real/datasets/digits/" + IngestStage.SCALER_FILE)));
    }
}
