package org.uaespark.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.apache.hadoop.fs.FSError;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.uaespark.cli.ExitCodes;
import org.uaespark.pipeline.store.HadoopConf;
import org.uaespark.pipeline.store.RunLock;
import org.uaespark.pipeline.store.ShardStore;
import org.uaespark.testing.CliRun;
import org.uaespark.testing.QuotaFileSystem;
import org.uaespark.testing.SparkTestSession;
import org.uaespark.testing.TinyDatasets;

/**
 * A disk that fills up while a stage writes: the stage exits 4 saying where no space was left, deletes what it
 * staged, and publishes nothing; a unit commit that runs out of space leaves no half-written shard behind.
 */
class DiskFullTest {
    @TempDir
    Path dir;

    @AfterEach
    void lift() {
        QuotaFileSystem.unlimited();
    }

    private String quotaRuns() {
        return "quota://" + dir.resolve("runs");
    }

    private static void assertNothingStaged(Path run) throws Exception {
        if (Files.exists(run.resolve("_staging"))) {
            try (Stream<Path> left = Files.list(run.resolve("_staging"))) {
                assertEquals(List.of(), left.toList(), "staging residue");
            }
        }
    }

    @Test
    void ingestOntoAFullDiskSaysSoAndPublishesNothing() throws Exception {
        SparkTestSession.get();
        Path profile = TinyDatasets.idxProfile(dir.resolve("src"), dir.resolve("unused"));
        QuotaFileSystem.allow(1000); // the lock, the run's record and the write probe fit; the table does not
        CliRun run = CliRun.of("ingest", "--profile", profile.toString(), "--runs-root", quotaRuns());
        assertEquals(ExitCodes.STAGE_FAILURE, run.code(), run.toString());
        assertTrue(run.err().contains("uae: stage failed: no space left on the file system of quota:"
                + dir.resolve("runs/t") + "; nothing was published"), run.err());
        assertFalse(Files.exists(dir.resolve("runs/t/datasets")), "no table published");
        assertNothingStaged(dir.resolve("runs/t"));
        assertFalse(Files.exists(dir.resolve("runs/t").resolve(RunLock.FILE)), "the lock is released");
    }

    @Test
    void aModelThatDoesNotFitIsNotPublished() throws Exception {
        SparkTestSession.get();
        Path profile = TinyDatasets.idxProfile(dir.resolve("src"), dir.resolve("unused"));
        assertEquals(0, CliRun.of("ingest", "--profile", profile.toString(), "--runs-root", quotaRuns()).code());
        QuotaFileSystem.allow(3000); // less than the 8 KB of parameters of a dense AE with 32 hidden units
        CliRun run = CliRun.of("train", "--profile", profile.toString(), "--runs-root", quotaRuns(), "--model", "dense",
                "--epochs", "1", "--set", "models.dense.latent=32");
        assertEquals(ExitCodes.STAGE_FAILURE, run.code(), run.toString());
        assertTrue(run.err().contains("no space left on the file system of quota:" + dir.resolve("runs/t")), run.err());
        assertFalse(Files.exists(dir.resolve("runs/t/models/dense")));
        assertNothingStaged(dir.resolve("runs/t"));
    }

    @Test
    void aShardCommitThatRunsOutOfSpaceLeavesNoFileAndNoMarker() throws Exception {
        StructType schema = new StructType().add("sample_id", DataTypes.StringType, false)
                .add("value", DataTypes.DoubleType, false);
        ShardStore shards = new ShardStore(new org.apache.hadoop.fs.Path(quotaRuns() + "/shards"),
                new HadoopConf(SparkTestSession.get().sparkContext().hadoopConfiguration()), schema);
        List<Row> rows = List.of(RowFactory.create("a", 1.0), RowFactory.create("b", 2.0));
        QuotaFileSystem.allow(10);
        assertThrows(FSError.class, () -> shards.commit(1, rows, TestManifests.of(1, 2)));
        QuotaFileSystem.unlimited();
        assertEquals(java.util.Set.of(), shards.completed());
        try (Stream<Path> files = Files.list(dir.resolve("runs/shards"))) {
            assertEquals(List.of(), files.filter(p -> !p.getFileName().toString().endsWith(".crc")).toList(),
                    "the half-written temporary file is removed");
        }
        shards.commit(1, rows, TestManifests.of(1, 2));
        assertEquals(java.util.Set.of(1), shards.completed(), "a later attempt commits the unit");
    }
}
