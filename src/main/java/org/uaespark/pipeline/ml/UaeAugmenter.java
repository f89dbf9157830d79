package org.uaespark.pipeline.ml;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.typesafe.config.Config;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.param.StringArrayParam;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import org.uaespark.attack.Augmentation;
import org.uaespark.config.AttackStageSettings;
import org.uaespark.config.Augmentations;
import org.uaespark.config.ConfigLoader;
import org.uaespark.config.RunSettings;
import org.uaespark.data.InputValidationException;
import org.uaespark.data.TableSchema;
import org.uaespark.models.ModelConfig;
import org.uaespark.pipeline.TableValidator;
import org.uaespark.pipeline.executor.ExecutorModels;
import org.uaespark.pipeline.executor.InputSample;
import org.uaespark.pipeline.executor.SampleAttacker;
import org.uaespark.pipeline.executor.TaskDevices;
import org.uaespark.pipeline.store.HadoopConf;
import org.uaespark.pipeline.store.ModelStore;
import org.uaespark.pipeline.store.Provenance;
import org.uaespark.pipeline.store.TablePublisher;

/**
 * The attack as a Spark MLlib {@link Transformer}, for notebooks and custom pipelines: each row of a DataFrame
 * with the {@code dataset} table's {@code sample_id}, {@code features}, {@code shape} and {@code label} columns
 * becomes its augmentation row(s) of the {@code augmented} table, made with the model saved at
 * {@link #modelPath()} (a folder written by {@code uae train}). Executors load the model once per JVM
 * ({@link ExecutorModels}); each partition is attacked in sample-id order in batches of {@link #batchSize()}.
 * {@link #transformSchema} checks every parameter and input column before any compute.
 *
 * <p>Unlike the {@code attack} stage, the transformer neither commits work units nor resumes, and its batches are
 * cut from whatever rows share a partition: a sample's draws are its own, but batched matrix products round
 * differently for other batch sizes and neighbours, so rows are byte-identical across partitionings only at
 * {@code batchSize = 1}. The stage fixes batches by work units and is byte-identical at any batch size.
 *
 * <pre>{@code
 * Dataset<Row> uaes = new UaeAugmenter().setModelPath(run + "/models/dense").setMethod("mine")
 *         .setAttackProfile("cpu").transform(spark.read().parquet(run + "/datasets/mnist").where("split = 'train'"));
 * }</pre>
 */
public final class UaeAugmenter extends Transformer {
    private static final long serialVersionUID = 1L;
    private final String uid;
    private final Param<String> modelPath;
    private final Param<String> modelName;
    private final Param<String> method;
    private final Param<String> attackProfile;
    private final StringArrayParam settings;
    private final LongParam seed;
    private final IntParam batchSize;
    private final DoubleParam sigma;
    private final DoubleParam maxDegrees;
    private final IntParam repeats;
    private final Param<String> device;
    private final IntParam torchThreads;

    /** A transformer with a random uid. */
    public UaeAugmenter() {
        this(Identifiable$.MODULE$.randomUID("uaeAugmenter"));
    }

    /** A transformer with the given uid. */
    public UaeAugmenter(String uid) {
        this.uid = uid;
        modelPath = new Param<>(this, "modelPath", "folder of a model written by `uae train` (required)");
        modelName = new Param<>(this, "modelName", "value of the model column (default: the model folder's name)");
        method = new Param<>(this, "method", "mine (MINE-UAE), l2 (L2-UAE), gaussian (Gaussian augmentation), "
                + "rotate or fliprot (random rotations, with a mirror for fliprot)",
                ParamValidators.inArray(Augmentations.METHODS.toArray(new String[0])));
        attackProfile = new Param<>(this, "attackProfile", "entry of uae.attack-profiles (paper, improved, cpu, ...)");
        settings = new StringArrayParam(this, "settings", "configuration overrides KEY=VALUE under uae, e.g. "
                + "attack-profiles.cpu.iterations=10");
        seed = new LongParam(this, "seed", "run seed: every draw of a sample is seeded by (seed, sample_id)");
        batchSize = new IntParam(this, "batchSize", "samples attacked together; 0: the largest batch within "
                + "uae.attack.memory-budget-mb, as the attack stage's batch-size = auto", ParamValidators.gtEq(0));
        sigma = new DoubleParam(this, "sigma", "Gaussian augmentation noise", ParamValidators.gt(0));
        maxDegrees = new DoubleParam(this, "maxDegrees", "largest rotation of rotate and fliprot, in degrees",
                ParamValidators.inRange(0, 180, false, true));
        repeats = new IntParam(this, "repeats", "rows per sample: Gaussian copies or independently seeded attacks "
                + "(default 1)", ParamValidators.gtEq(1));
        device = new Param<>(this, "device", "DJL device of tasks without a Spark-assigned GPU (cpu, gpu, gpu1, ...)");
        torchThreads = new IntParam(this, "torchThreads", "PyTorch intra-op threads per executor JVM",
                ParamValidators.gtEq(1));
        Config shipped = ConfigLoader.defaults(Map.of());
        Config attack = shipped.getConfig("uae.attack");
        setDefault(modelName, "");
        setDefault(method, attack.getString("method"));
        setDefault(attackProfile, attack.getString("profile"));
        setDefault(settings, new String[0]);
        setDefault(seed, RunSettings.from(shipped).seed());
        setDefault(batchSize, AttackStageSettings.batchSize(attack.getString("batch-size")));
        setDefault(sigma, attack.getDouble("gaussian.sigma"));
        setDefault(maxDegrees, attack.getDouble("geometric.max-degrees"));
        setDefault(repeats, 1);
        setDefault(device, attack.getString("device"));
        setDefault(torchThreads, attack.getInt("torch-threads"));
    }

    @Override
    public String uid() {
        return uid;
    }

    /** @return the model folder parameter */
    public Param<String> modelPath() {
        return modelPath;
    }

    /** @return the model-name parameter */
    public Param<String> modelName() {
        return modelName;
    }

    /** @return the method parameter */
    public Param<String> method() {
        return method;
    }

    /** @return the attack-profile parameter */
    public Param<String> attackProfile() {
        return attackProfile;
    }

    /** @return the configuration-overrides parameter */
    public StringArrayParam settings() {
        return settings;
    }

    /** @return the seed parameter */
    public LongParam seed() {
        return seed;
    }

    /** @return the batch-size parameter */
    public IntParam batchSize() {
        return batchSize;
    }

    /** @return the Gaussian-noise parameter */
    public DoubleParam sigma() {
        return sigma;
    }

    /** @return the largest-rotation parameter */
    public DoubleParam maxDegrees() {
        return maxDegrees;
    }

    /** @return the rows-per-sample parameter */
    public IntParam repeats() {
        return repeats;
    }

    /** @return the device parameter */
    public Param<String> device() {
        return device;
    }

    /** @return the torch-threads parameter */
    public IntParam torchThreads() {
        return torchThreads;
    }

    /** Sets {@link #modelPath()}. */
    public UaeAugmenter setModelPath(String value) {
        set(modelPath, value);
        return this;
    }

    /** Sets {@link #modelName()}. */
    public UaeAugmenter setModelName(String value) {
        set(modelName, value);
        return this;
    }

    /** Sets {@link #method()}. */
    public UaeAugmenter setMethod(String value) {
        set(method, value);
        return this;
    }

    /** Sets {@link #attackProfile()}. */
    public UaeAugmenter setAttackProfile(String value) {
        set(attackProfile, value);
        return this;
    }

    /** Sets {@link #settings()}. */
    public UaeAugmenter setSettings(String... values) {
        set(settings, values);
        return this;
    }

    /** Sets {@link #seed()}. */
    public UaeAugmenter setSeed(long value) {
        set(seed, value);
        return this;
    }

    /** Sets {@link #batchSize()}. */
    public UaeAugmenter setBatchSize(int value) {
        set(batchSize, value);
        return this;
    }

    /** Sets {@link #sigma()}. */
    public UaeAugmenter setSigma(double value) {
        set(sigma, value);
        return this;
    }

    /** Sets {@link #maxDegrees()}. */
    public UaeAugmenter setMaxDegrees(double value) {
        set(maxDegrees, value);
        return this;
    }

    /** Sets {@link #repeats()}. */
    public UaeAugmenter setRepeats(int value) {
        set(repeats, value);
        return this;
    }

    /** Sets {@link #device()}. */
    public UaeAugmenter setDevice(String value) {
        set(device, value);
        return this;
    }

    /** Sets {@link #torchThreads()}. */
    public UaeAugmenter setTorchThreads(int value) {
        set(torchThreads, value);
        return this;
    }

    /**
     * The {@code augmented} table's schema, after checking the input columns and the parameters (the model
     * folder's configuration is read; no Spark job runs).
     *
     * @throws IllegalArgumentException naming the column or parameter at fault
     */
    @Override
    public StructType transformSchema(StructType schema) {
        requireColumn(schema, "sample_id", DataTypes.StringType);
        requireColumn(schema, "features", DataTypes.createArrayType(DataTypes.FloatType));
        requireColumn(schema, "shape", DataTypes.createArrayType(DataTypes.IntegerType));
        requireColumn(schema, "label", DataTypes.IntegerType);
        if (!isDefined(modelPath) || $(modelPath).isBlank()) {
            throw new IllegalArgumentException("parameter modelPath is required: a folder written by `uae train`");
        }
        augmentation(configuration());
        return TableValidator.structType(TableSchema.load("augmented"));
    }

    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        StructType output = transformSchema(dataset.schema(), true);
        SparkSession spark = dataset.sparkSession();
        HadoopConf hadoop = new HadoopConf(spark.sparkContext().hadoopConfiguration());
        Path model = new Path($(modelPath));
        ModelConfig config = new ModelStore(hadoop.get()).readConfig(model);
        Path provenanceFile = new Path(model, Provenance.FILE);
        String fingerprint = "";
        try {
            if (provenanceFile.getFileSystem(hadoop.get()).exists(provenanceFile)) {
                fingerprint = Provenance.read(new TablePublisher(hadoop.get()), model).fingerprint();
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot read " + provenanceFile, e);
        }
        Config configuration = configuration();
        Augmentation augmentation = augmentation(configuration);
        augmentation.requireApplicable(config.inputShape());
        SampleAttacker attacker = new SampleAttacker(new ExecutorModels.Source(model.toString(), fingerprint,
                (Integer) $(torchThreads), hadoop), $(modelName).isEmpty() ? model.getName() : $(modelName),
                augmentation, (Long) $(seed), batchSize(augmentation, config, configuration.getConfig("uae.attack")));
        int[] expectedShape = config.inputShape();
        String fallback = $(device);
        var rows = dataset.toDF().select("sample_id", "features", "shape", "label").javaRDD().map(InputSample::of)
                .mapPartitions(samples -> {
                    List<InputSample> sorted = new ArrayList<>();
                    samples.forEachRemaining(sorted::add);
                    if (sorted.isEmpty()) {
                        return java.util.Collections.emptyIterator();
                    }
                    sorted.sort(Comparator.comparing(InputSample::sampleId));
                    for (InputSample s : sorted) {
                        if (!Arrays.equals(s.shape(), expectedShape)) {
                            throw new InputValidationException("sample " + s.sampleId() + " has shape "
                                    + Arrays.toString(s.shape()) + " but the model takes " + Arrays.toString(expectedShape));
                        }
                    }
                    return attacker.attack(sorted, TaskDevices.current(fallback)).iterator();
                });
        return spark.createDataFrame(rows, output);
    }

    @Override
    public UaeAugmenter copy(ParamMap extra) {
        return defaultCopy(extra);
    }

    /** The shipped defaults with the {@link #settings()} overrides. */
    private Config configuration() {
        Map<String, String> overrides = new HashMap<>();
        for (String entry : $(settings)) {
            int eq = entry.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("parameter settings: '" + entry + "' is not KEY=VALUE");
            }
            overrides.put(entry.substring(0, eq).trim(), entry.substring(eq + 1).trim());
        }
        return ConfigLoader.defaults(overrides);
    }

    /** The augmentation the parameters choose, its attack profile read from {@code configuration}. */
    private Augmentation augmentation(Config configuration) {
        return Augmentations.of($(method), new Augmentations.Parameters($(attackProfile), (Double) $(sigma),
                (Double) $(maxDegrees), (Integer) $(repeats)), configuration);
    }

    /** {@link #batchSize()}, or for 0 the largest within the attack's memory budget, as the attack stage chooses. */
    private int batchSize(Augmentation augmentation, ModelConfig model, Config attack) {
        int fixed = (Integer) $(batchSize);
        if (fixed > 0) {
            augmentation.requireBatchFits(model, fixed);
            return fixed;
        }
        return augmentation.batchWithin(model, attack.getLong("memory-budget-mb") << 20, attack.getInt("max-batch-size"))
                .size();
    }

    private static void requireColumn(StructType schema, String name, DataType type) {
        StructField field = Arrays.stream(schema.fields()).filter(f -> f.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("input column " + name + " (" + type.simpleString()
                        + ") is missing; columns: " + Arrays.toString(schema.fieldNames())));
        DataType actual = field.dataType();
        boolean matches = actual instanceof ArrayType a && type instanceof ArrayType t
                ? a.elementType().equals(t.elementType()) : actual.equals(type);
        if (!matches) {
            throw new IllegalArgumentException("input column " + name + " must be " + type.simpleString() + ", not "
                    + actual.simpleString());
        }
    }
}
