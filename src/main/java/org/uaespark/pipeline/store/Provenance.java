package org.uaespark.pipeline.store;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

import org.uaespark.data.TableSchema;

/**
 * The {@code _provenance.json} sidecar written next to every artifact: what it is, which configuration and
 * inputs produced it (with the fingerprint a re-run compares against), what it contains, and the code and
 * runtime that made it.
 */
public final class Provenance {
    /** File name of the sidecar inside a published folder. */
    public static final String FILE = "_provenance.json";

    private final Map<String, Object> fields = new LinkedHashMap<>();

    private Provenance() {
    }

    /**
     * Starts the sidecar of one artifact.
     *
     * @param stage       the stage that wrote it, e.g. {@code ingest}
     * @param artifact    what it is: {@code table} or {@code model}
     * @param runId       the run
     * @param fingerprint hash of everything that determines the artifact (configuration and input digests)
     */
    public static Provenance of(String stage, String artifact, String runId, String fingerprint) {
        Provenance p = new Provenance();
        p.fields.put("stage", stage);
        p.fields.put("artifact", artifact);
        p.fields.put("runId", runId);
        p.fields.put("fingerprint", fingerprint);
        p.fields.put("createdAt", Instant.now().toString());
        return p;
    }

    /** Records the declared schema (name and version) of a table artifact. */
    public Provenance schema(TableSchema schema) {
        fields.put("schema", Map.of("table", schema.table(), "version", schema.version()));
        return this;
    }

    /** Adds the configuration that produced the artifact and where each layer of it came from. */
    public Provenance config(Object resolvedSection, List<String> sources) {
        fields.put("config", resolvedSection);
        fields.put("configSources", sources);
        return this;
    }

    /** Adds the input files with their sizes and SHA-256 digests. */
    public Provenance inputs(List<TablePublisher.FileDigest> inputs) {
        fields.put("inputs", inputs);
        return this;
    }

    /** Adds the artifact's own data files with their digests. */
    public Provenance outputs(List<TablePublisher.FileDigest> files) {
        fields.put("outputs", files);
        return this;
    }

    /** Adds a stage-specific entry (row counts, summaries, scaler, …). */
    public Provenance put(String key, Object value) {
        fields.put(key, value);
        return this;
    }

    /** Adds the code version and the runtime (Java, OS, Spark, DJL, libtorch, Spark master). */
    public Provenance runtime(SparkSession spark) {
        runtime();
        @SuppressWarnings("unchecked")
        Map<String, String> env = (Map<String, String>) fields.get("environment");
        env.put("sparkMaster", spark.sparkContext().master());
        env.put("sparkDefaultParallelism", Integer.toString(spark.sparkContext().defaultParallelism()));
        return this;
    }

    /** Records the code version and the JVM, OS and library versions of this process (e.g. an executor's). */
    public Provenance runtime() {
        fields.put("code", RuntimeVersions.code());
        fields.put("environment", new LinkedHashMap<>(RuntimeVersions.environment()));
        return this;
    }

    /** The sidecar's content, ready for JSON. */
    public Map<String, Object> asMap() {
        return fields;
    }

    /** Reads back the sidecar of the artifact in {@code dir} (validated: see {@link TablePublisher#readJson}). */
    public static Read read(TablePublisher publisher, Path dir) {
        return read(publisher, dir, Read.class);
    }

    /** Reads back the sidecar of the artifact in {@code dir} as {@code type}, e.g. {@link OfModel}. */
    public static <T> T read(TablePublisher publisher, Path dir, Class<T> type) {
        return publisher.readJson(new Path(dir, FILE), type);
    }

    /**
     * Any sidecar read back: what its artifact's reuse and its dependents' fingerprints rest on.
     *
     * @param fingerprint hash of everything that determined the artifact
     */
    public record Read(String fingerprint) {
    }

    /**
     * The sidecar of a table read back (e.g. a dataset).
     *
     * @param fingerprint hash of everything that determined the table
     * @param outputs     its data files with their digests, as written (copied into the sidecars of models
     *                    trained on it)
     */
    public record OfTable(String fingerprint, List<Map<String, Object>> outputs) {
    }

    /**
     * The sidecar of a trained model (train or retrain stage) read back.
     *
     * @param fingerprint hash of everything that determined the model
     * @param training    how it was trained
     * @param evaluation  its errors measured after training
     */
    public record OfModel(String fingerprint, Training training, Evaluation evaluation) {
        /**
         * @param trainRows rows trained on
         * @param epochs    epochs trained
         * @param epochLoss mean training loss per epoch
         * @param selectedFeatures the features a concrete AE selects (node order); absent for other models
         * @param meanMaxProbability a concrete AE's mean over nodes of its largest selection probability (1 when
         *                           every node has settled on one feature); absent for other models
         */
        public record Training(int trainRows, int epochs, List<Double> epochLoss,
                @Json.Nullable List<Integer> selectedFeatures, @Json.Nullable Double meanMaxProbability) {
        }

        /**
         * @param trainMse per-pixel MSE on the train split
         * @param testMse  per-pixel MSE on the test split; null when the dataset has no test rows
         */
        public record Evaluation(double trainMse, @Json.Nullable Double testMse) {
        }
    }

    /**
     * The sidecar of an augmented table (attack stage) read back.
     *
     * @param fingerprint hash of everything that determined the table
     * @param config      the settings the attack was fingerprinted with
     */
    public record OfAttack(String fingerprint, Config config) {
        /**
         * @param samples training samples attacked
         * @param repeats rows per sample where there are several (Gaussian copies, repeated attacks); absent for one
         */
        public record Config(long samples, @Json.Nullable Integer repeats) {
        }
    }
}
