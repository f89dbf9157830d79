package org.uaespark.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.uaespark.pipeline.store.Json;
import org.uaespark.pipeline.store.Provenance;
import org.uaespark.testing.CliRun;
import org.uaespark.testing.Digests;
import org.uaespark.testing.IdxFiles;
import org.uaespark.testing.SparkTestSession;
import org.uaespark.testing.TinyDatasets;

class IngestStageTest {
    @TempDir
    Path dir;

    private final SparkSession spark = SparkTestSession.get();

    private Path runs() {
        return dir.resolve("runs");
    }

    private Path table(String name) {
        return runs().resolve("t/datasets/" + name);
    }

    private static CliRun ingest(Path profile, String... extra) {
        String[] args = new String[2 + extra.length + 1];
        args[0] = "ingest";
        args[1] = "--profile";
        args[2] = profile.toString();
        System.arraycopy(extra, 0, args, 3, extra.length);
        return CliRun.of(args);
    }

    @Test
    void idxIngestPublishesTheExactScaledPixelsWithProvenance() throws IOException {
        Path profile = TinyDatasets.idxProfile(dir.resolve("src"), runs());
        CliRun run = ingest(profile);
        assertEquals(0, run.code(), run.toString());
        assertTrue(run.out().contains("dataset table: " + table("tiny")), run.out());

        Path table = table("tiny");
        assertTrue(Files.exists(table.resolve("_SUCCESS")));
        // 250 train rows at 100 rows per file, then 60 test rows: contiguous, deterministic files.
        assertEquals(List.of("part-00000.zstd.parquet", "part-00001.zstd.parquet", "part-00002.zstd.parquet",
                "part-00003.zstd.parquet"), List.copyOf(Digests.parquetFiles(table).keySet()));
        assertFalse(Files.exists(runs().resolve("t/_staging")), "staging folder left behind");

        List<Row> rows = spark.read().parquet(table.toString()).orderBy("split", "sample_id").collectAsList();
        assertEquals(TinyDatasets.TRAIN + TinyDatasets.TEST, rows.size());
        int testIndex = 0;
        int trainIndex = 0;
        for (Row r : rows) {
            boolean train = r.getString(r.fieldIndex("split")).equals("train");
            int i = train ? trainIndex++ : testIndex++;
            assertEquals(String.format("tiny-%s-%08d", train ? "train" : "test", i), r.getString(r.fieldIndex("sample_id")));
            assertEquals(i % TinyDatasets.CLASSES, r.getInt(r.fieldIndex("label")));
            assertEquals(List.of(TinyDatasets.H, TinyDatasets.W, 1), r.getList(r.fieldIndex("shape")));
            List<Float> features = r.getList(r.fieldIndex("features"));
            for (int j = 0; j < features.size(); j++) {
                assertEquals(IdxFiles.pixel(i, j) / 255f, features.get(j), "row " + i + " value " + j);
            }
        }
        assertEquals(TinyDatasets.TEST, testIndex);

        JsonNode provenance = Json.mapper().readTree(table.resolve(Provenance.FILE).toFile());
        assertEquals("ingest", provenance.get("stage").asText());
        assertEquals("dataset", provenance.at("/schema/table").asText());
        assertEquals(TinyDatasets.TRAIN, provenance.at("/summary/train/rows").asInt());
        assertEquals(84, provenance.at("/summary/train/labelCounts/0").asInt());
        assertEquals(Digests.sha256(dir.resolve("src/train-images")), provenance.at("/inputs/0/sha256").asText());
        assertEquals(Digests.sha256(dir.resolve("src/test-labels.gz")), provenance.at("/inputs/3/sha256").asText());
        assertEquals(Digests.sha256(table.resolve("part-00003.zstd.parquet")), provenance.at("/outputs/3/sha256").asText());
        assertEquals("3.5.9", provenance.at("/environment/spark").asText());
        assertEquals("0.36.0", provenance.at("/environment/djl").asText());
        assertTrue(provenance.at("/environment/torch").asText().startsWith("2.7.1"));
        assertFalse(provenance.at("/code/version").asText().isEmpty());
        assertEquals(100, provenance.at("/config/ingest/rows-per-file").asInt());
    }

    @Test
    void rerunsKeepIdenticalTablesRefuseChangedOnesAndOverwriteByteForByte() {
        Path profile = TinyDatasets.idxProfile(dir.resolve("src"), runs());
        assertEquals(0, ingest(profile).code());
        Map<String, String> first = Digests.parquetFiles(table("tiny"));

        CliRun same = ingest(profile);
        assertEquals(0, same.code(), same.toString());
        assertTrue(same.out().contains("already published, kept"), same.out());

        CliRun changed = ingest(profile, "--limit-train", "100");
        assertEquals(2, changed.code(), changed.toString());
        assertTrue(changed.err().contains("built from different inputs or settings"), changed.err());
        assertEquals(first, Digests.parquetFiles(table("tiny")), "a refused run must not touch the table");

        assertEquals(0, ingest(profile, "--overwrite").code());
        assertEquals(first, Digests.parquetFiles(table("tiny")), "the same input must give the same bytes");

        assertEquals(0, ingest(profile, "--overwrite", "--limit-train", "100").code());
        assertEquals(100, spark.read().parquet(table("tiny").toString()).filter("split = 'train'").count());
        assertFalse(Files.exists(runs().resolve("t/_staging")));
    }

    @Test
    void parquetSourcesGiveTheSameFilesWhateverTheirPartitioning() {
        Path onePart = dir.resolve("one");
        Path manyParts = dir.resolve("many");
        var source = spark.range(0, 430).selectExpr("concat('r', lpad(cast(id as string), 4, '0')) as rid",
                "array(cast(id % 17 as double) / 16, cast(id % 5 as double) / 4) as x", "cast(id % 4 as bigint) as y");
        source.coalesce(1).write().parquet(onePart.toString());
        source.repartition(7).write().parquet(manyParts.toString());
        String body = """
                datasets.tab {
                  format = parquet
                  train.features = "%s"
                  scaling = none
                  parquet { id-column = rid, features-column = x, label-column = y }
                }
                ingest.dataset = tab
                """;
        Path p1 = TinyDatasets.profile(dir.resolve("p1"), dir.resolve("runs1"), body.formatted(onePart));
        Path p2 = TinyDatasets.profile(dir.resolve("p2"), dir.resolve("runs2"), body.formatted(manyParts));
        assertEquals(0, ingest(p1).code());
        CliRun second = ingest(p2, "--set", "ingest.rows-per-file=100");
        assertEquals(0, second.code(), second.toString());
        Map<String, String> a = Digests.parquetFiles(dir.resolve("runs1/t/datasets/tab"));
        Map<String, String> b = Digests.parquetFiles(dir.resolve("runs2/t/datasets/tab"));
        assertEquals(5, a.size());
        assertEquals(a, b);
        Row first = spark.read().parquet(dir.resolve("runs1/t/datasets/tab").toString()).orderBy("sample_id").first();
        assertEquals("r0000", first.getString(0));
        assertEquals(List.of(2), first.getList(first.fieldIndex("shape")));
    }

    /** A profile ingesting {@code src/train.csv} and {@code src/test.csv} as dataset {@code tab}, min-max scaled. */
    private Path minMaxCsvProfile(Path src) {
        return TinyDatasets.profile(dir.resolve("p"), runs(), """
                datasets.tab {
                  format = csv
                  train.features = "%1$s/train.csv"
                  test.features = "%1$s/test.csv"
                  scaling = minmax
                }
                ingest.dataset = tab
                """.formatted(src));
    }

    @Test
    void aConstantCsvColumnIsScaledToZeroAndReported() throws IOException {
        Path src = Files.createDirectories(dir.resolve("const"));
        Files.writeString(src.resolve("train.csv"), "a,c,label\n0,7,1\n2,7,0\n4,7,1\n");
        Files.writeString(src.resolve("test.csv"), "a,c,label\n1,9,0\n");
        CliRun run = ingest(minMaxCsvProfile(src));
        assertEquals(0, run.code(), run.toString());
        JsonNode provenance = Json.mapper().readTree(table("tab").resolve(Provenance.FILE).toFile());
        assertEquals("[1]", provenance.at("/scaling/constantFeatures").toString());
        for (Row r : spark.read().parquet(table("tab").toString()).collectAsList()) {
            assertEquals(0f, (float) r.getList(r.fieldIndex("features")).get(1), "the constant column, in every split");
        }
    }

    @Test
    void csvMinMaxIsFittedOnTrainSavedAndClipsTest() throws IOException {
        Path src = Files.createDirectories(dir.resolve("csv"));
        Files.writeString(src.resolve("train.csv"), "a,b,label\n0,10,1\n2,30,0\n4,20,1\n");
        Files.writeString(src.resolve("test.csv"), "a,b,label\n5,15,0\n-1,30,1\n");
        CliRun run = ingest(minMaxCsvProfile(src));
        assertEquals(0, run.code(), run.toString());
        JsonNode scaler = Json.mapper().readTree(table("tab").resolve(IngestStage.SCALER_FILE).toFile());
        assertEquals("[0.0,10.0]", scaler.get("min").toString());
        assertEquals("[4.0,30.0]", scaler.get("max").toString());
        List<Row> test = spark.read().parquet(table("tab").toString()).filter("split = 'test'").orderBy("sample_id")
                .collectAsList();
        assertEquals(List.of(1f, 0.25f), test.get(0).getList(test.get(0).fieldIndex("features")));
        assertEquals(List.of(0f, 1f), test.get(1).getList(test.get(1).fieldIndex("features")));
        JsonNode provenance = Json.mapper().readTree(table("tab").resolve(Provenance.FILE).toFile());
        assertEquals(1, provenance.at("/scaling/testFeaturesOutsideTrainRange").asInt());
        assertEquals(3, provenance.at("/scaling/fittedOnRows").asInt());
    }

    @Test
    void singleCsvFileIsSplitByTheSeededFraction() throws IOException {
        StringBuilder csv = new StringBuilder("400,2,a,b\n");
        for (int i = 0; i < 400; i++) {
            csv.append(i % 9).append(',').append(i % 4).append(',').append(i % 2).append('\n');
        }
        Path file = Files.writeString(dir.resolve("all.csv"), csv);
        Path profile = TinyDatasets.profile(dir.resolve("p"), runs(), """
                datasets.tab { format = csv, train.features = "%s", test-fraction = 0.25, scaling = minmax, shape = [2, 1] }
                ingest.dataset = tab
                """.formatted(file));
        assertEquals(0, ingest(profile).code());
        long test = spark.read().parquet(table("tab").toString()).filter("split = 'test'").count();
        long train = spark.read().parquet(table("tab").toString()).filter("split = 'train'").count();
        assertEquals(400, test + train);
        assertTrue(Math.abs(test - 100) < 45, "test rows " + test); // Binomial(400, .25): sd 8.7
    }
}
