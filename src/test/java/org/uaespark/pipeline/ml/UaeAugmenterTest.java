package org.uaespark.pipeline.ml;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.param.Param;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.uaespark.testing.CliRun;
import org.uaespark.testing.SparkTestSession;
import org.uaespark.testing.TinyDatasets;

/**
 * The transformer's MLlib conventions: saved and loaded alone and inside a {@code Pipeline}, column parameters with
 * the output appended to the input's columns, rows made as the partition is read (input order), a getter for every
 * parameter and validators that name what is wrong.
 */
class UaeAugmenterTest {
    @TempDir
    static Path dir;
    private static String model;
    private final SparkSession spark = SparkTestSession.get();

    @BeforeAll
    static void trainModel() {
        Path profile = TinyDatasets.idxProfile(dir.resolve("src"), dir.resolve("runs"));
        assertEquals(0, CliRun.of("ingest", "--profile", profile.toString()).code());
        CliRun train = CliRun.of("train", "--profile", profile.toString(), "--model", "dense", "--epochs", "2",
                "--set", "models.dense.latent=8", "--set", "models.dense.batch-size=25");
        assertEquals(0, train.code(), train.toString());
        model = dir.resolve("runs/t/models/dense").toString();
    }

    private Dataset<Row> train() {
        return spark.read().parquet(dir.resolve("runs/t/datasets/tiny").toString()).filter("split = 'train'");
    }

    private static UaeAugmenter gaussian() {
        return new UaeAugmenter().setModelPath(model).setMethod("gaussian").setSigma(0.05).setRepeats(2).setSeed(7)
                .setBatchSize(3).setOutputPrefix("aug_").setSettings("attack.max-batch-size=4");
    }

    private static void assertSameRows(Dataset<Row> a, Dataset<Row> b) {
        assertEquals(a.count(), b.count());
        assertEquals(0, a.except(b).count());
        assertEquals(0, b.except(a).count());
    }

    @Test
    void itSavesAndLoadsAloneAndInsideAPipeline() throws Exception {
        UaeAugmenter augmenter = gaussian();
        PipelineModel fitted = new Pipeline().setStages(new PipelineStage[] {augmenter}).fit(train());
        String saved = dir.resolve("pipeline").toString();
        fitted.write().overwrite().save(saved);
        UaeAugmenter back = (UaeAugmenter) PipelineModel.load(saved).stages()[0];
        augmenter.write().overwrite().save(dir.resolve("alone").toString());
        UaeAugmenter alone = UaeAugmenter.load(dir.resolve("alone").toString());
        for (UaeAugmenter loaded : List.of(back, alone)) {
            assertEquals(augmenter.uid(), loaded.uid());
            for (Param<?> p : augmenter.params()) {
                assertEquals(String.valueOf(valueOf(augmenter, p)), String.valueOf(valueOf(loaded, p)), p.name());
            }
        }
        Dataset<Row> input = train().limit(30).cache();
        assertSameRows(augmenter.transform(input), PipelineModel.load(saved).transform(input));
    }

    /** The value of {@code p} through its getter (arrays as lists). */
    private static Object valueOf(UaeAugmenter augmenter, Param<?> p) throws Exception {
        Method getter = UaeAugmenter.class.getMethod("get" + Character.toUpperCase(p.name().charAt(0))
                + p.name().substring(1));
        Object value = listed(getter.invoke(augmenter));
        assertEquals(String.valueOf(value), String.valueOf(listed(augmenter.getOrDefault(p))),
                "get" + p.name() + " returns the parameter's value");
        return value;
    }

    /** Arrays as lists, so that values compare by content. */
    private static Object listed(Object value) {
        return value instanceof Object[] a ? Arrays.asList(a)
                : value instanceof int[] ints ? Arrays.stream(ints).boxed().toList() : value;
    }

    @Test
    void everyParameterHasAGetterAndBadValuesAreRefusedNamingTheParameter() throws Exception {
        UaeAugmenter augmenter = gaussian();
        for (Param<?> p : augmenter.params()) {
            if (augmenter.isDefined(p)) {
                valueOf(augmenter, p);
            }
        }
        List<Runnable> bad = List.of(() -> augmenter.setDevice("tpu"), () -> augmenter.setModelPath(" "),
                () -> augmenter.setSettings("no-equals-sign"), () -> augmenter.setOutputPrefix("1x"),
                () -> augmenter.setAttackProfile("a b"), () -> augmenter.setIdCol(""), () -> augmenter.setMethod("fgsm"),
                () -> augmenter.setBatchSize(-1), () -> augmenter.setRepeats(0), () -> augmenter.setMaxDegrees(200));
        List<String> names = List.of("device", "modelPath", "settings", "outputPrefix", "attackProfile", "idCol",
                "method", "batchSize", "repeats", "maxDegrees");
        for (int i = 0; i < bad.size(); i++) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, bad.get(i)::run, names.get(i));
            assertTrue(e.getMessage().contains(names.get(i)), e.getMessage());
        }
        assertEquals("gpu1", augmenter.setDevice("gpu1").getDevice());
        IllegalArgumentException clash = assertThrows(IllegalArgumentException.class,
                () -> gaussian().transformSchema(train().withColumn("aug_features", col("features")).schema()));
        assertTrue(clash.getMessage().contains("output column aug_features is already an input column"),
                clash.getMessage());
    }

    @Test
    void columnParametersNameTheInputAndTheOutputAppendsToIt() {
        Dataset<Row> input = train().limit(40);
        Dataset<Row> renamed = input.select(col("sample_id").as("img"), col("features").as("px"),
                col("shape").as("dims"), col("label").as("digit"));
        UaeAugmenter augmenter = gaussian().setIdCol("img").setFeaturesCol("px").setShapeCol("dims").setLabelCol("");
        Dataset<Row> out = augmenter.transform(renamed);
        List<String> columns = new ArrayList<>(List.of("img", "px", "dims", "digit"));
        Arrays.stream(out.columns()).filter(c -> c.startsWith("aug_")).forEach(columns::add);
        assertEquals(columns, Arrays.asList(out.columns()), "the input's columns first, then the prefixed ones");
        assertEquals(2 * 40, out.count(), "one row per input row and repeat");
        Dataset<Row> usual = gaussian().transform(input).select(col("sample_id").as("img"), col("aug_sample_id"),
                col("aug_features"), col("aug_repeat"), col("aug_seed"));
        assertSameRows(usual, out.select("img", "aug_sample_id", "aug_features", "aug_repeat", "aug_seed"));
        assertEquals(0, out.join(renamed, "img").filter(out.col("px").notEqual(renamed.col("px"))).count(),
                "each output row carries its input row");
    }

    @Test
    void rowsAreMadeInTheOrderThePartitionIsRead() {
        Dataset<Row> reversed = train().coalesce(1).sortWithinPartitions(col("sample_id").desc());
        List<String> inputOrder = reversed.select("sample_id").as(org.apache.spark.sql.Encoders.STRING()).collectAsList();
        List<String> outputOrder = gaussian().setRepeats(1).transform(reversed).select("sample_id")
                .as(org.apache.spark.sql.Encoders.STRING()).collectAsList();
        assertEquals(inputOrder, outputOrder, "no sort, no collect: batches follow the partition's iterator");
    }
}
