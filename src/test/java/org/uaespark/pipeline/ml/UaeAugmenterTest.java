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
 * The transformer's MLlib conventions: saved and loaded alone and inside a {@code Pipeline} (self-contained: it
 * still loads when moved and its model is gone), ordinary DataFrames (doubles, vectors, long ids and labels) with
 * output features typed like the input's, column parameters with the output appended to the input's columns, rows
 * made as the partition is read (input order), a lazy transform, a getter for every parameter and validators that
 * name what is wrong.
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
                if (p != augmenter.modelPath()) {
                    assertEquals(String.valueOf(valueOf(augmenter, p)), String.valueOf(valueOf(loaded, p)), p.name());
                }
            }
            assertTrue(loaded.getModelPath().endsWith("/data/model/dense"), "its own copy: " + loaded.getModelPath());
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
        UaeAugmenter augmenter = gaussian().setIdCol("img").setFeaturesCol("px").setShapeCol("dims");
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

    /**
     * The training rows as a DataFrame from pandas or an MLlib pipeline would hold them: a bigint id, a bigint label
     * and the pixels as {@code array<double>}.
     */
    private Dataset<Row> ordinary() {
        return train().selectExpr("cast(substring_index(sample_id, '-', -1) as bigint) as id",
                "cast(label as bigint) as digit", "transform(features, v -> cast(v as double)) as pixels");
    }

    /** {@link #ordinary()}'s rows with one double column per pixel, as a CSV read by Spark holds them. */
    private Dataset<Row> columns() {
        List<String> select = new ArrayList<>(List.of("id", "digit"));
        for (int i = 0; i < TinyDatasets.H * TinyDatasets.W; i++) {
            select.add("pixels[" + i + "] as p" + i);
        }
        return ordinary().selectExpr(select.toArray(String[]::new));
    }

    @Test
    void aFittedPipelineOnDoublesAndLongsSavesSelfContainedAndLoadsAfterItIsMoved() throws Exception {
        Path ownModel = dir.resolve("moved-model/dense");
        org.apache.commons.io.FileUtils.copyDirectory(Path.of(model).toFile(), ownModel.toFile());
        Dataset<Row> input = columns().limit(30).cache();
        String[] pixels = Arrays.stream(input.columns()).filter(c -> c.startsWith("p")).toArray(String[]::new);
        Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {
            new org.apache.spark.ml.feature.VectorAssembler().setInputCols(pixels).setOutputCol("vec"),
            new org.apache.spark.ml.feature.MinMaxScaler().setInputCol("vec").setOutputCol("scaled"),
            gaussian().setModelPath(ownModel.toString()).setIdCol("id").setFeaturesCol("scaled")});
        PipelineModel fitted = pipeline.fit(input);
        Dataset<Row> before = fitted.transform(input).cache();
        assertEquals(2 * 30, before.count(), "one row per input row and repeat");
        assertEquals("bigint", before.schema().apply("id").dataType().simpleString());
        assertEquals("bigint", before.schema().apply("digit").dataType().simpleString());
        assertEquals(org.apache.spark.ml.linalg.SQLDataTypes.VectorType(), before.schema().apply("aug_features").dataType(),
                "the output's features are typed like the input's");
        String savedAt = dir.resolve("saved-pipeline").toString();
        fitted.write().overwrite().save(savedAt);
        Path moved = dir.resolve("elsewhere/pipeline");
        java.nio.file.Files.createDirectories(moved.getParent());
        java.nio.file.Files.move(Path.of(savedAt), moved);
        org.apache.commons.io.FileUtils.deleteDirectory(ownModel.toFile());
        PipelineModel loaded = PipelineModel.load(moved.toString());
        UaeAugmenter stage = (UaeAugmenter) loaded.stages()[2];
        assertTrue(stage.getModelPath().contains("/elsewhere/pipeline/stages/"), stage.getModelPath());
        assertSameRows(before, loaded.transform(input));
    }

    @Test
    void doublesVectorsAndFloatsOfTheSameSamplesMakeTheSameRows() {
        Dataset<Row> doubles = ordinary().limit(20).cache();
        Dataset<Row> floats = doubles.selectExpr("id", "transform(pixels, v -> cast(v as float)) as pixels");
        Dataset<Row> vectors = doubles.select(col("id"), org.apache.spark.ml.functions.array_to_vector(col("pixels"))
                .as("pixels"));
        UaeAugmenter augmenter = gaussian().setIdCol("id").setFeaturesCol("pixels");
        List<Row> expected = madeAsFloats(augmenter.transform(floats));
        for (Dataset<Row> other : List.of(doubles, vectors)) {
            Dataset<Row> out = augmenter.transform(other);
            String type = out.schema().apply("aug_features").dataType().simpleString();
            assertEquals(other.schema().apply("pixels").dataType().simpleString(), type);
            assertEquals(expected.toString(), madeAsFloats(out).toString(), type + ": the float rows' values, widened");
        }
    }

    /** The made rows' ids and features as {@code array<float>}, in id order. */
    private static List<Row> madeAsFloats(Dataset<Row> out) {
        org.apache.spark.sql.Column features = out.schema().apply("aug_features").dataType()
                instanceof org.apache.spark.sql.types.ArrayType
                ? org.apache.spark.sql.functions.expr("transform(aug_features, v -> cast(v as float))")
                : org.apache.spark.ml.functions.vector_to_array(col("aug_features"), "float32");
        return out.select(col("aug_sample_id"), features.as("aug_features")).orderBy("aug_sample_id").collectAsList();
    }

    @Test
    void transformIsLazyAndRowsOutsideTheBoxFailNamingTheSample() throws Exception {
        Path torchScript = Path.of(UaeAugmenterTest.class.getResource("/torchscript/tiny_ae.pt").toURI());
        UaeAugmenter user = gaussian().setModelPath(torchScript.toString()).setCriterion("bce");
        IllegalArgumentException noShape = assertThrows(IllegalArgumentException.class, () -> user.transform(train()));
        assertTrue(noShape.getMessage().contains("parameter inputShape is required"), noShape.getMessage());
        user.setInputShape(30);
        Dataset<Row> input = train();
        String group = "lazy-" + System.nanoTime();
        spark.sparkContext().setJobGroup(group, "transform only", false);
        int loads = org.uaespark.pipeline.executor.ExecutorModels.loads();
        Dataset<Row> out = user.transform(input);
        assertEquals(0, spark.sparkContext().statusTracker().getJobIdsForGroup(group).length, "no Spark job");
        assertEquals(loads, org.uaespark.pipeline.executor.ExecutorModels.loads(), "no model loaded");
        spark.sparkContext().clearJobGroup();
        assertEquals(2 * TinyDatasets.TRAIN, out.count());
        Dataset<Row> outside = ordinary().limit(3).selectExpr("id", "transform(pixels, v -> v * 3) as pixels");
        Exception e = assertThrows(Exception.class,
                () -> gaussian().setIdCol("id").setFeaturesCol("pixels").transform(outside).count());
        assertTrue(e.getMessage().contains("input column pixels holds") && e.getMessage().contains("box is [0, 1]"),
                e.getMessage());
        IllegalArgumentException text = assertThrows(IllegalArgumentException.class,
                () -> gaussian().transformSchema(train().withColumn("features", col("sample_id")).schema()));
        assertTrue(text.getMessage().contains("input column features must be array<float>, array<double> or vector"),
                text.getMessage());
        IllegalArgumentException profile = assertThrows(IllegalArgumentException.class,
                () -> gaussian().setProfile("no-such-profile").transformSchema(train().schema()));
        assertTrue(profile.getMessage().contains("no-such-profile"), profile.getMessage());
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
