package org.uaespark.pipeline.ml;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import com.typesafe.config.Config;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntArrayParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.param.StringArrayParam;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
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
import org.uaespark.config.ConfigurationException;
import org.uaespark.config.RunSettings;
import org.uaespark.data.TableSchema;
import org.uaespark.models.ModelConfig;
import org.uaespark.models.ModelFootprint;
import org.uaespark.models.TorchScriptModel;
import org.uaespark.pipeline.AttackedModel;
import org.uaespark.pipeline.TableValidator;
import org.uaespark.pipeline.executor.ExecutorModels;
import org.uaespark.pipeline.executor.SampleAttacker;
import org.uaespark.pipeline.executor.UserModelFiles;
import org.uaespark.pipeline.store.HadoopConf;
import org.uaespark.pipeline.store.ModelStore;
import org.uaespark.pipeline.store.Provenance;
import org.uaespark.pipeline.store.TablePublisher;

/**
 * The attack as a Spark MLlib {@link Transformer}, for notebooks and custom pipelines: each row of a DataFrame with a
 * sample id ({@link #idCol()}: string, int or bigint) and its features ({@link #featuresCol()}: {@code array<float>},
 * {@code array<double>} or an MLlib {@code Vector}, values in [0, 1]) gets its augmentation row(s), made with the
 * model at {@link #modelPath()} (a folder written by {@code uae train}, or a user's TorchScript file read at
 * {@link #inputShape()} and compared by {@link #criterion()}). The output is the input's columns, untouched,
 * followed by the {@code augmented} table's own columns with {@link #outputPrefix()} ({@code uae_sample_id},
 * {@code uae_features} typed like the input's features, {@code uae_success}, {@code uae_loss_before}, ...): one
 * output row per input row and repeat. Settings come from the shipped defaults, a run {@link #profile()} and
 * {@link #settings()} overrides; the attack profile defaults to {@code cpu}.
 *
 * <p>{@link #transformSchema} checks every parameter and input column before any compute and throws
 * {@link IllegalArgumentException}; {@link #transform} is lazy (no Spark job, no model loaded on the driver).
 * Executors load the model once per JVM ({@link ExecutorModels}) and take batches of {@link #batchSize()} rows from
 * each partition as they come, so a partition is never held in memory. Saved alone or inside a {@code Pipeline},
 * the stage carries a copy of its model (and of a profile file) under its {@code data/} folder, as MLlib's own
 * models do, so a saved pipeline still loads after it is moved.
 *
 * <p>Unlike the {@code attack} stage, the transformer neither commits work units nor resumes, and its batches are
 * cut from whatever rows follow each other in a partition: a sample's draws are its own, but batched matrix
 * products round differently for other batch sizes and neighbours, so rows are byte-identical across partitionings
 * only at {@code batchSize = 1}. The stage fixes batches by work units and is byte-identical at any batch size.
 *
 * <pre>{@code
 * Dataset<Row> uaes = new UaeAugmenter().setModelPath(run + "/models/dense").setMethod("mine")
 *         .transform(spark.read().parquet(run + "/datasets/mnist").where("split = 'train'"));
 * }</pre>
 */
public final class UaeAugmenter extends Transformer implements MLWritable {
    private static final long serialVersionUID = 1L;
    /** Columns of the {@code augmented} table that repeat the input row's own, left out of the output. */
    private static final Set<String> FROM_INPUT = Set.of("origin_sample_id", "split", "shape", "label");
    /** The {@code augmented} table's column of the made sample's values. */
    private static final String FEATURES = "features";
    /** The types an id column may have. */
    private static final List<DataType> ID_TYPES = List.of(DataTypes.StringType, DataTypes.IntegerType,
            DataTypes.LongType);

    private final String uid;
    private final Param<String> modelPath;
    private final Param<String> modelName;
    private final Param<String> profile;
    private final Param<String> criterion;
    private final IntArrayParam inputShape;
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
    private final Param<String> idCol;
    private final Param<String> featuresCol;
    private final Param<String> shapeCol;
    private final Param<String> outputPrefix;

    /** A transformer with a random uid. */
    public UaeAugmenter() {
        this(Identifiable$.MODULE$.randomUID("uaeAugmenter"));
    }

    /** A transformer with the given uid (how {@link #load} makes it). */
    public UaeAugmenter(String uid) {
        this.uid = uid;
        modelPath = new Param<>(this, "modelPath", "folder of a model written by `uae train`, or a user's TorchScript "
                + "file (required)", Check.of(v -> !v.isBlank()));
        modelName = new Param<>(this, "modelName", "value of the model column (default: the model folder's name, or "
                + "the TorchScript file's without its extension)");
        profile = new Param<>(this, "profile", "run profile whose settings apply, as `uae run --profile`: a name "
                + "(conf/NAME.conf, or the copy in the jar) or a HOCON file; saved with the stage when it is a file "
                + "(empty: the shipped defaults)");
        criterion = new Param<>(this, "criterion", "for a TorchScript file: how its output at x' is compared with x "
                + "(mse, or bce for outputs in (0, 1))", ParamValidators.inArray(new String[] {"mse", "bce"}));
        inputShape = new IntArrayParam(this, "inputShape", "for a TorchScript file: one sample's shape as the model "
                + "takes it, the features reshaped in row-major order (empty: the samples' own shape)",
                Check.of(v -> Arrays.stream(v).allMatch(d -> d > 0)));
        method = new Param<>(this, "method", "mine (MINE-UAE), l2 (L2-UAE), gaussian (Gaussian augmentation), "
                + "rotate or fliprot (random rotations, with a mirror for fliprot)",
                ParamValidators.inArray(Augmentations.METHODS.toArray(new String[0])));
        attackProfile = new Param<>(this, "attackProfile", "entry of uae.attack-profiles (cpu, improved, paper, ...; "
                + "default cpu, sized for CPUs)",
                Check.of(v -> v.matches("[A-Za-z0-9_-]+")));
        settings = new StringArrayParam(this, "settings", "configuration overrides KEY=VALUE under uae, e.g. "
                + "attack-profiles.cpu.iterations=10", Check.of(v -> Arrays.stream(v).allMatch(e -> e.indexOf('=') > 0)));
        seed = new LongParam(this, "seed", "run seed: every draw of a sample is seeded by (seed, sample id)");
        batchSize = new IntParam(this, "batchSize", "samples attacked together; 0: the largest batch within "
                + "uae.attack.memory-budget-mb, as the attack stage's batch-size = auto", ParamValidators.gtEq(0));
        sigma = new DoubleParam(this, "sigma", "Gaussian augmentation noise", ParamValidators.gt(0));
        maxDegrees = new DoubleParam(this, "maxDegrees", "largest rotation of rotate and fliprot, in degrees",
                ParamValidators.inRange(0, 180, false, true));
        repeats = new IntParam(this, "repeats", "rows per sample: Gaussian copies or independently seeded attacks "
                + "(default 1)", ParamValidators.gtEq(1));
        device = new Param<>(this, "device", "DJL device of tasks without a Spark-assigned GPU (cpu, gpu, gpu1, ...)",
                Check.of(v -> v.matches("cpu|gpu\\d*")));
        torchThreads = new IntParam(this, "torchThreads", "PyTorch intra-op threads per executor JVM",
                ParamValidators.gtEq(1));
        idCol = new Param<>(this, "idCol", "input column of unique sample ids (string, int or bigint): each "
                + "sample's draws are seeded by (seed, id)", Check.of(v -> !v.isBlank()));
        featuresCol = new Param<>(this, "featuresCol", "input column of the features (" + FeatureCells.accepted()
                + ", values in [0, 1]); the output's features have the same type", Check.of(v -> !v.isBlank()));
        shapeCol = new Param<>(this, "shapeCol", "input column of each sample's shape (array<int>); empty: every "
                + "sample has the model's input shape");
        outputPrefix = new Param<>(this, "outputPrefix", "prefix of the augmented columns appended to the input's",
                Check.of(v -> v.matches("[A-Za-z_][A-Za-z0-9_]*")));
        Config shipped = ConfigLoader.defaults(Map.of());
        Config attack = shipped.getConfig("uae.attack");
        setDefault(modelName, "");
        setDefault(profile, "");
        setDefault(criterion, attack.getString("criterion"));
        setDefault(inputShape, attack.getIntList("input-shape").stream().mapToInt(Integer::intValue).toArray());
        setDefault(method, attack.getString("method"));
        setDefault(attackProfile, "cpu");
        setDefault(settings, new String[0]);
        setDefault(seed, RunSettings.from(shipped).seed());
        setDefault(batchSize, AttackStageSettings.batchSize(attack.getString("batch-size")));
        setDefault(sigma, attack.getDouble("gaussian.sigma"));
        setDefault(maxDegrees, attack.getDouble("geometric.max-degrees"));
        setDefault(repeats, 1);
        setDefault(device, attack.getString("device"));
        setDefault(torchThreads, attack.getInt("torch-threads"));
        setDefault(idCol, "sample_id");
        setDefault(featuresCol, "features");
        setDefault(shapeCol, "");
        setDefault(outputPrefix, "uae_");
    }

    @Override
    public String uid() {
        return uid;
    }

    /** @return the parameter of the model folder */
    public Param<String> modelPath() {
        return modelPath;
    }

    /** @return the model folder */
    public String getModelPath() {
        return $(modelPath);
    }

    /** Sets {@link #modelPath()}. */
    public UaeAugmenter setModelPath(String value) {
        set(modelPath, value);
        return this;
    }

    /** @return the parameter of the model column's value */
    public Param<String> modelName() {
        return modelName;
    }

    /** @return the model column's value */
    public String getModelName() {
        return $(modelName);
    }

    /** Sets {@link #modelName()}. */
    public UaeAugmenter setModelName(String value) {
        set(modelName, value);
        return this;
    }

    /** @return the parameter of the run profile */
    public Param<String> profile() {
        return profile;
    }

    /** @return the run profile (empty: the shipped defaults) */
    public String getProfile() {
        return $(profile);
    }

    /** Sets {@link #profile()}. */
    public UaeAugmenter setProfile(String value) {
        set(profile, value);
        return this;
    }

    /** @return the parameter of a TorchScript model's criterion */
    public Param<String> criterion() {
        return criterion;
    }

    /** @return a TorchScript model's criterion */
    public String getCriterion() {
        return $(criterion);
    }

    /** Sets {@link #criterion()}. */
    public UaeAugmenter setCriterion(String value) {
        set(criterion, value);
        return this;
    }

    /** @return the parameter of a TorchScript model's input shape */
    public IntArrayParam inputShape() {
        return inputShape;
    }

    /** @return a TorchScript model's input shape (empty: the samples' own) */
    public int[] getInputShape() {
        return $(inputShape);
    }

    /** Sets {@link #inputShape()}. */
    public UaeAugmenter setInputShape(int... value) {
        set(inputShape, value);
        return this;
    }

    /** @return the parameter of the method */
    public Param<String> method() {
        return method;
    }

    /** @return the method */
    public String getMethod() {
        return $(method);
    }

    /** Sets {@link #method()}. */
    public UaeAugmenter setMethod(String value) {
        set(method, value);
        return this;
    }

    /** @return the parameter of the attack profile */
    public Param<String> attackProfile() {
        return attackProfile;
    }

    /** @return the attack profile */
    public String getAttackProfile() {
        return $(attackProfile);
    }

    /** Sets {@link #attackProfile()}. */
    public UaeAugmenter setAttackProfile(String value) {
        set(attackProfile, value);
        return this;
    }

    /** @return the parameter of the configuration overrides */
    public StringArrayParam settings() {
        return settings;
    }

    /** @return the configuration overrides */
    public String[] getSettings() {
        return $(settings);
    }

    /** Sets {@link #settings()}. */
    public UaeAugmenter setSettings(String... value) {
        set(settings, value);
        return this;
    }

    /** @return the parameter of the run seed */
    public LongParam seed() {
        return seed;
    }

    /** @return the run seed */
    public long getSeed() {
        return (Long) $(seed);
    }

    /** Sets {@link #seed()}. */
    public UaeAugmenter setSeed(long value) {
        set(seed, value);
        return this;
    }

    /** @return the parameter of the batch size */
    public IntParam batchSize() {
        return batchSize;
    }

    /** @return the batch size */
    public int getBatchSize() {
        return (Integer) $(batchSize);
    }

    /** Sets {@link #batchSize()}. */
    public UaeAugmenter setBatchSize(int value) {
        set(batchSize, value);
        return this;
    }

    /** @return the parameter of the Gaussian noise */
    public DoubleParam sigma() {
        return sigma;
    }

    /** @return the Gaussian noise */
    public double getSigma() {
        return (Double) $(sigma);
    }

    /** Sets {@link #sigma()}. */
    public UaeAugmenter setSigma(double value) {
        set(sigma, value);
        return this;
    }

    /** @return the parameter of the largest rotation */
    public DoubleParam maxDegrees() {
        return maxDegrees;
    }

    /** @return the largest rotation */
    public double getMaxDegrees() {
        return (Double) $(maxDegrees);
    }

    /** Sets {@link #maxDegrees()}. */
    public UaeAugmenter setMaxDegrees(double value) {
        set(maxDegrees, value);
        return this;
    }

    /** @return the parameter of the rows per sample */
    public IntParam repeats() {
        return repeats;
    }

    /** @return the rows per sample */
    public int getRepeats() {
        return (Integer) $(repeats);
    }

    /** Sets {@link #repeats()}. */
    public UaeAugmenter setRepeats(int value) {
        set(repeats, value);
        return this;
    }

    /** @return the parameter of the device */
    public Param<String> device() {
        return device;
    }

    /** @return the device */
    public String getDevice() {
        return $(device);
    }

    /** Sets {@link #device()}. */
    public UaeAugmenter setDevice(String value) {
        set(device, value);
        return this;
    }

    /** @return the parameter of the torch threads */
    public IntParam torchThreads() {
        return torchThreads;
    }

    /** @return the torch threads */
    public int getTorchThreads() {
        return (Integer) $(torchThreads);
    }

    /** Sets {@link #torchThreads()}. */
    public UaeAugmenter setTorchThreads(int value) {
        set(torchThreads, value);
        return this;
    }

    /** @return the parameter of the id column */
    public Param<String> idCol() {
        return idCol;
    }

    /** @return the id column */
    public String getIdCol() {
        return $(idCol);
    }

    /** Sets {@link #idCol()}. */
    public UaeAugmenter setIdCol(String value) {
        set(idCol, value);
        return this;
    }

    /** @return the parameter of the features column */
    public Param<String> featuresCol() {
        return featuresCol;
    }

    /** @return the features column */
    public String getFeaturesCol() {
        return $(featuresCol);
    }

    /** Sets {@link #featuresCol()}. */
    public UaeAugmenter setFeaturesCol(String value) {
        set(featuresCol, value);
        return this;
    }

    /** @return the parameter of the shape column */
    public Param<String> shapeCol() {
        return shapeCol;
    }

    /** @return the shape column */
    public String getShapeCol() {
        return $(shapeCol);
    }

    /** Sets {@link #shapeCol()}. */
    public UaeAugmenter setShapeCol(String value) {
        set(shapeCol, value);
        return this;
    }

    /** @return the parameter of the output columns' prefix */
    public Param<String> outputPrefix() {
        return outputPrefix;
    }

    /** @return the output columns' prefix */
    public String getOutputPrefix() {
        return $(outputPrefix);
    }

    /** Sets {@link #outputPrefix()}. */
    public UaeAugmenter setOutputPrefix(String value) {
        set(outputPrefix, value);
        return this;
    }

    /**
     * The output schema: the input's columns, then the {@code augmented} table's own columns with
     * {@link #outputPrefix()}, the features typed like the input's; after checking the input columns and every
     * parameter (the profile, the attack profile and the configuration overrides are resolved; no Spark job runs,
     * no model is read).
     *
     * @throws IllegalArgumentException naming the column or parameter at fault
     */
    @Override
    public StructType transformSchema(StructType schema) {
        requireColumn(schema, getIdCol(), ID_TYPES);
        FeatureCells features = FeatureCells.of(getFeaturesCol(), requireColumn(schema, getFeaturesCol(), null));
        if (!getShapeCol().isEmpty()) {
            requireColumn(schema, getShapeCol(), List.of(DataTypes.createArrayType(DataTypes.IntegerType)));
        }
        if (!isDefined(modelPath)) {
            throw new IllegalArgumentException("parameter modelPath is required: a folder written by `uae train` or a "
                    + "TorchScript file");
        }
        augmentation(configuration());
        List<StructField> fields = new ArrayList<>(Arrays.asList(schema.fields()));
        for (StructField made : appendedFields(features)) {
            if (Arrays.asList(schema.fieldNames()).contains(made.name())) {
                throw new IllegalArgumentException("output column " + made.name() + " is already an input column; "
                        + "set another outputPrefix");
            }
            fields.add(made);
        }
        return new StructType(fields.toArray(new StructField[0]));
    }

    /** The {@code augmented} table's columns that the output appends, with the prefix, the features of {@code kind}. */
    private List<StructField> appendedFields(FeatureCells kind) {
        StructType augmented = augmentedSchema();
        List<StructField> fields = new ArrayList<>();
        for (int i : appendedColumns(augmented)) {
            StructField f = augmented.fields()[i];
            DataType type = f.name().equals(FEATURES) ? kind.type() : f.dataType();
            fields.add(new StructField(getOutputPrefix() + f.name(), type, f.nullable(), f.metadata()));
        }
        return fields;
    }

    /** Positions, in the {@code augmented} table's schema, of the columns the output appends: all but the input's own. */
    private static int[] appendedColumns(StructType augmented) {
        return Arrays.stream(augmented.fieldNames()).filter(f -> !FROM_INPUT.contains(f))
                .mapToInt(augmented::fieldIndex).toArray();
    }

    private static StructType augmentedSchema() {
        return TableValidator.structType(TableSchema.load("augmented"));
    }

    /**
     * The input's rows with their augmentation rows, lazily: the driver reads the model's description (a model
     * folder's {@code model.json}, or a TorchScript file's digest) but runs no Spark job and loads no model;
     * executors load the model on the first batch and check each row (id, features in [0, 1], shape).
     */
    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        StructType output = transformSchema(dataset.schema(), true);
        SparkSession spark = dataset.sparkSession();
        HadoopConf hadoop = new HadoopConf(spark.sparkContext().hadoopConfiguration());
        Config configuration = configuration();
        Augmentation augmentation = augmentation(configuration);
        Target target = target(new Path(getModelPath()), hadoop);
        augmentation.requireApplicable(target.shape().shape());
        int batch = batchSize(augmentation, target.model().footprint(), configuration.getConfig("uae.attack"));
        SampleAttacker attacker = new SampleAttacker(target.model().source(getTorchThreads(), hadoop),
                getModelName().isEmpty() ? target.model().defaultName() : getModelName(), augmentation, getSeed(),
                batch);
        StructType input = dataset.schema();
        StructType augmented = augmentedSchema();
        int[] appended = appendedColumns(augmented);
        int madeFeatures = Arrays.stream(appended).boxed().toList().indexOf(augmented.fieldIndex(FEATURES));
        FeatureCells kind = FeatureCells.of(getFeaturesCol(), input.apply(getFeaturesCol()).dataType());
        StreamingAugmenter streaming = new StreamingAugmenter(attacker, batch, target.shape(), getDevice(),
                new StreamingAugmenter.Columns(input.fieldIndex(getIdCol()), input.fieldIndex(getFeaturesCol()), kind,
                        getShapeCol().isEmpty() ? -1 : input.fieldIndex(getShapeCol()),
                        List.of(getIdCol(), getFeaturesCol(), getShapeCol())), appended, madeFeatures);
        return spark.createDataFrame(dataset.toDF().javaRDD().mapPartitions(streaming::augment), output);
    }

    /**
     * The model to attack and the samples it takes.
     *
     * @param shape a run model's input shape (rows must have it), or a TorchScript file's {@link #inputShape()}
     *              (rows must hold as many values)
     */
    private record Target(AttackedModel model, StreamingAugmenter.ModelShape shape) {
    }

    /**
     * The model {@link #modelPath()} names: a folder written by {@code uae train} (its fingerprint from its
     * provenance, empty without one), or a TorchScript file, read at {@link #inputShape()}.
     *
     * @throws IllegalArgumentException for a TorchScript file without an input shape
     */
    private Target target(Path path, HadoopConf hadoop) {
        try {
            if (path.getFileSystem(hadoop.get()).isFile(path)) {
                int[] shape = getInputShape();
                if (shape.length == 0) {
                    throw new IllegalArgumentException("parameter inputShape is required for the TorchScript file "
                            + path + ": one sample's shape as the model takes it");
                }
                String sha256 = UserModelFiles.copy(path.toString(), hadoop).sha256();
                return new Target(new AttackedModel.UserModel(path, sha256, new TorchScriptModel.Footprint(shape),
                        TorchScriptModel.Criterion.of(getCriterion())), new StreamingAugmenter.ModelShape(shape, false));
            }
            ModelConfig config = new ModelStore(hadoop.get()).readConfig(path);
            Path provenanceFile = new Path(path, Provenance.FILE);
            String fingerprint = provenanceFile.getFileSystem(hadoop.get()).exists(provenanceFile)
                    ? Provenance.read(new TablePublisher(hadoop.get()), path).fingerprint() : "";
            return new Target(new AttackedModel.RunModel(path, fingerprint, config),
                    new StreamingAugmenter.ModelShape(config.inputShape(), true));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot read " + path, e);
        }
    }

    /**
     * Saves the parameters and a copy of what they name, so that the saved folder works after it is moved: the
     * model folder or TorchScript file under {@code data/model/} and a profile file under {@code data/profile/}.
     */
    @Override
    public MLWriter write() {
        return new AugmenterPersistence.Writer(this);
    }

    /** Reads a transformer saved with {@link #write()} (or inside a saved {@code Pipeline}). */
    public static MLReader<UaeAugmenter> read() {
        return new AugmenterPersistence.Reader();
    }

    /** The transformer saved at {@code path}. */
    public static UaeAugmenter load(String path) {
        return read().load(path);
    }

    @Override
    public UaeAugmenter copy(ParamMap extra) {
        return defaultCopy(extra);
    }

    /**
     * The shipped defaults, the {@link #profile()} and the {@link #settings()} overrides.
     *
     * @throws IllegalArgumentException naming the profile or key at fault
     */
    private Config configuration() {
        Map<String, String> overrides = new HashMap<>();
        for (String entry : getSettings()) { // each holds a '=' after its key (the parameter's validator)
            int eq = entry.indexOf('=');
            overrides.put(entry.substring(0, eq).trim(), entry.substring(eq + 1).trim());
        }
        try {
            return ConfigLoader.load(getProfile(), new Properties(), overrides).config();
        } catch (ConfigurationException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /**
     * The augmentation the parameters choose, its attack profile read from {@code configuration}.
     *
     * @throws IllegalArgumentException naming the attack profile or key at fault
     */
    private Augmentation augmentation(Config configuration) {
        try {
            return Augmentations.of(getMethod(), new Augmentations.Parameters(getAttackProfile(), getSigma(),
                    getMaxDegrees(), getRepeats()), configuration);
        } catch (ConfigurationException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** {@link #batchSize()}, or for 0 the largest within the attack's memory budget, as the attack stage chooses. */
    private int batchSize(Augmentation augmentation, ModelFootprint model, Config attack) {
        int fixed = getBatchSize();
        if (fixed > 0) {
            augmentation.requireBatchFits(model, fixed);
            return fixed;
        }
        return augmentation.batchWithin(model, attack.getLong("memory-budget-mb") << 20, attack.getInt("max-batch-size"))
                .size();
    }

    /**
     * The type of input column {@code name}, one of {@code types} (any type for null).
     *
     * @throws IllegalArgumentException naming the column when it is missing or of another type
     */
    private static DataType requireColumn(StructType schema, String name, List<DataType> types) {
        String wanted = types == null ? FeatureCells.accepted()
                : String.join(" or ", types.stream().map(DataType::simpleString).toList());
        StructField field = Arrays.stream(schema.fields()).filter(f -> f.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("input column " + name + " (" + wanted
                        + ") is missing; columns: " + Arrays.toString(schema.fieldNames())));
        DataType actual = field.dataType();
        boolean matches = types == null || types.stream().anyMatch(t -> actual instanceof ArrayType a
                && t instanceof ArrayType e ? a.elementType().equals(e.elementType()) : actual.equals(t));
        if (!matches) {
            throw new IllegalArgumentException("input column " + name + " must be " + wanted + ", not "
                    + actual.simpleString());
        }
        return actual;
    }
}
