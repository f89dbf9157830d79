package org.uaespark.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import ai.djl.Device;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.uaespark.attack.AttackMethod;
import org.uaespark.attack.AttackSettings;
import org.uaespark.attack.MinMaxAugmentation;
import org.uaespark.config.AttackProfiles;
import org.uaespark.data.TableSchema;
import org.uaespark.mine.ProjectionMode;
import org.uaespark.models.UnsupervisedModel;
import org.uaespark.models.ModelConfig;
import org.uaespark.models.ModelKind;
import org.uaespark.models.ModelRecipe;
import org.uaespark.models.Models;
import org.uaespark.models.optim.OptimizerSpec;
import org.uaespark.pipeline.executor.Cells;
import org.uaespark.pipeline.executor.ExecutorModels;
import org.uaespark.pipeline.executor.InputSample;
import org.uaespark.pipeline.executor.SampleAttacker;
import org.uaespark.pipeline.store.HadoopConf;
import org.uaespark.pipeline.store.ModelStore;
import org.uaespark.pipeline.store.ShardStore;
import org.uaespark.testing.FailingRenameFileSystem;

/**
 * What an executor JVM running several attack tasks at once relies on: two tasks attacking concurrently get the
 * same rows as one after the other (each borrows its own model instance, no shared gradient state), and two
 * attempts committing the same unit at once leave one complete shard.
 */
class ConcurrentAttackTest {
    private static final OptimizerSpec ADAM = new OptimizerSpec("adam", 1e-3, 0, 0.9, 0.999, 1e-7);

    @TempDir
    Path dir;

    private SampleAttacker attacker() {
        ModelConfig config = new ModelConfig(new ModelRecipe(ModelKind.DENSE, 6, 1, ADAM, 1, 10, 3, 0.1, 1e-7),
                new int[] {4, 5, 1});
        Path model = dir.resolve("model");
        Configuration hadoop = new Configuration();
        try (UnsupervisedModel fresh = Models.create(config, Device.cpu(), 5)) {
            new ModelStore(hadoop).write(fresh, new org.apache.hadoop.fs.Path(model.toString()));
        }
        AttackSettings settings = AttackProfiles.shipped("paper", AttackMethod.MINE).toBuilder().iterations(3)
                .mineSteps(2).codeOrdering(false).projections(ProjectionMode.EXACT)
                .mineStepProjections(ProjectionMode.EXACT).k(6).p(3).hidden(8).towerOut(2)
                .mineOptimizer(new OptimizerSpec("adam-fused", 1e-3, 0, 0.9, 0.999, 1e-7))
                .mineMovingAverage(0.01).build();
        return new SampleAttacker(new ExecutorModels.Source(model.toString(), "f", 1, new HadoopConf(hadoop)), "dense",
                new MinMaxAugmentation("test", settings), 9, 2);
    }

    private static List<InputSample> samples(String prefix, int n) {
        SplittableRandom random = new SplittableRandom(prefix.hashCode());
        List<InputSample> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            float[] x = new float[20];
            for (int j = 0; j < x.length; j++) {
                x[j] = (float) random.nextDouble();
            }
            out.add(new InputSample(prefix + i, x, new int[] {4, 5, 1}, i % 3));
        }
        return out;
    }

    @Test
    void twoConcurrentTasksGetTheRowsOfTwoSequentialOnes() throws Exception {
        SampleAttacker attacker = attacker();
        List<InputSample> a = samples("a", 6);
        List<InputSample> b = samples("b", 6);
        List<Row> sequentialA = attacker.attack(a, Device.cpu());
        List<Row> sequentialB = attacker.attack(b, Device.cpu());
        int loadsBefore = ExecutorModels.loads();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 3; round++) {
                Future<List<Row>> fa = pool.submit(() -> attacker.attack(a, Device.cpu()));
                Future<List<Row>> fb = pool.submit(() -> attacker.attack(b, Device.cpu()));
                assertRows(sequentialA, fa.get());
                assertRows(sequentialB, fb.get());
            }
        } finally {
            pool.shutdown();
        }
        assertTrue(ExecutorModels.loads() - loadsBefore <= 1, "at most one more instance for the second task");
    }

    private static void assertRows(List<Row> expected, List<Row> actual) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i).getString(0), actual.get(i).getString(0));
            assertArrayEquals((float[]) expected.get(i).get(3), (float[]) actual.get(i).get(3));
            assertEquals(expected.get(i).getDouble(12), actual.get(i).getDouble(12));
        }
    }

    @Test
    void concurrentCommitsOfOneUnitLeaveOneCompleteShard() throws Exception {
        SampleAttacker attacker = attacker();
        List<Row> rows = attacker.attack(samples("c", 4), Device.cpu());
        StructType schema = TableValidator.structType(TableSchema.load("augmented"));
        ShardStore shards = new ShardStore(new org.apache.hadoop.fs.Path(dir.resolve("shards").toString()),
                new HadoopConf(new Configuration()), schema);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> attempts = new ArrayList<>();
            for (int attempt = 0; attempt < 4; attempt++) {
                attempts.add(pool.submit(() -> shards.commit(7, rows, TestManifests.of(7, 4))));
            }
            for (Future<?> f : attempts) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        assertEquals(java.util.Set.of(7), shards.completed());
        try (var files = Files.list(dir.resolve("shards"))) {
            List<String> names = files.map(p -> p.getFileName().toString()).filter(n -> !n.endsWith(".crc")).sorted()
                    .toList();
            assertEquals(List.of("unit-000007.json", "unit-000007.parquet"), names, "no temporary files left");
        }
        List<Row> back = org.uaespark.testing.SparkTestSession.get().read().schema(schema)
                .parquet(shards.dataFiles().toArray(new String[0])).orderBy("sample_id").collectAsList();
        assertEquals(4, back.size());
        for (int i = 0; i < 4; i++) {
            assertEquals(rows.get(i).getString(0), back.get(i).getString(0));
            assertArrayEquals((float[]) rows.get(i).get(3), Cells.floats(back.get(i).get(3)));
            assertEquals(rows.get(i).get(13), back.get(i).get(13), "mi");
            assertEquals(rows.get(i).get(16), back.get(i).get(16), "first_success_iteration (nullable)");
        }
    }

    @Test
    void aUnitWhoseRenameFailsIsNotMarkedDone() throws Exception {
        List<Row> rows = attacker().attack(samples("r", 2), Device.cpu());
        StructType schema = TableValidator.structType(TableSchema.load("augmented"));
        org.apache.hadoop.fs.Path folder = new org.apache.hadoop.fs.Path(dir.resolve("failing-renames").toString());
        ShardStore failing = new ShardStore(folder,
                new HadoopConf(FailingRenameFileSystem.configuration("unit-000003.parquet")), schema);
        UncheckedIOException error = assertThrows(UncheckedIOException.class,
                () -> failing.commit(3, rows, TestManifests.of(3, 2)));
        assertTrue(error.getCause().getMessage().contains("unit-000003.parquet"), error.getCause().getMessage());
        assertEquals(java.util.Set.of(), failing.completed(), "no data behind it, so not done");
        assertFalse(failing.isComplete(3));
        try (var files = Files.list(dir.resolve("failing-renames"))) {
            assertEquals(List.of(), files.map(p -> p.getFileName().toString()).filter(n -> !n.endsWith(".crc")).toList(),
                    "the temporary copy is removed and no manifest is written");
        }
        // A manifest whose data file vanished (a rename lost on another file system) does not count either.
        ShardStore working = new ShardStore(folder, new HadoopConf(new Configuration()), schema);
        working.commit(4, rows, TestManifests.of(4, 2));
        Files.delete(dir.resolve("failing-renames/unit-000004.parquet"));
        assertEquals(java.util.Set.of(), working.completed());
    }
}
