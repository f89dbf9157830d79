package org.uaespark.pipeline;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.hadoop.fs.Path;

import org.uaespark.config.AttackStageSettings;
import org.uaespark.data.InputValidationException;
import org.uaespark.models.ModelConfig;
import org.uaespark.models.ModelFootprint;
import org.uaespark.models.Torch;
import org.uaespark.models.TorchScriptModel;
import org.uaespark.pipeline.executor.ExecutorModels;
import org.uaespark.pipeline.executor.UserModelFiles;
import org.uaespark.pipeline.store.HadoopConf;
import org.uaespark.pipeline.store.ModelStore;
import org.uaespark.pipeline.store.Provenance;
import org.uaespark.pipeline.store.TablePublisher;

/**
 * The model an attack is made against, resolved and checked on the driver before any compute: a model folder
 * written by {@code uae train} or {@code uae retrain}, or a user's TorchScript file. It says where executors load it
 * from ({@link #source}), what the memory plan knows of it ({@link #footprint()}) and what enters the attack's
 * fingerprint and provenance.
 */
public sealed interface AttackedModel {

    /** Where the model is. */
    Path path();

    /** The model's fingerprint: its provenance fingerprint, or a TorchScript file's SHA-256. */
    String fingerprint();

    /** What the attack's memory plan knows of the model. */
    ModelFootprint footprint();

    /** Where executors load the model from. */
    ExecutorModels.Source source(int torchThreads, HadoopConf hadoop);

    /** The name its rows carry when none is given: a model folder's name, a file's without its extension. */
    String defaultName();

    /** The model's entry in the attack's provenance. */
    Map<String, Object> describe();

    /** The model's entries in the attack's fingerprint. */
    Map<String, Object> fingerprintFields();

    /**
     * The name a user's model goes by when none is given: its file's name without the extension, in the letters a
     * run's folder names allow.
     *
     * @throws IllegalArgumentException when the path names no file
     */
    public static String nameOf(Path path) {
        String name = path.getName();
        int dot = name.lastIndexOf('.');
        String stem = (dot > 0 ? name.substring(0, dot) : name).replaceAll("[^A-Za-z0-9_-]", "_");
        if (stem.isEmpty()) {
            throw new IllegalArgumentException(path + " names no model file");
        }
        return stem;
    }

    /**
     * A model of the run.
     *
     * @param config its recipe and input shape
     */
    record RunModel(Path path, String fingerprint, ModelConfig config) implements AttackedModel {
        /**
         * The published model folder {@code dir}, its input shape checked against the samples'.
         *
         * @throws InputValidationException naming the folder and the dataset table when the shapes differ
         */
        public static RunModel of(Path dir, TablePublisher publisher, HadoopConf hadoop, int[] sampleShape,
                Path datasetDir) {
            ModelConfig config = new ModelStore(hadoop.get()).readConfig(dir);
            if (!Arrays.equals(sampleShape, config.inputShape())) {
                throw new InputValidationException(dir + ": the model takes samples of shape "
                        + Arrays.toString(config.inputShape()) + " but " + datasetDir + " holds samples of shape "
                        + Arrays.toString(sampleShape));
            }
            return new RunModel(dir, Provenance.read(publisher, dir).fingerprint(), config);
        }

        @Override
        public ModelFootprint footprint() {
            return config;
        }

        @Override
        public String defaultName() {
            return path.getName();
        }

        @Override
        public ExecutorModels.Source source(int torchThreads, HadoopConf hadoop) {
            return new ExecutorModels.Source(path.toString(), fingerprint, torchThreads, hadoop);
        }

        @Override
        public Map<String, Object> describe() {
            return Map.of("path", path.toString(), "fingerprint", fingerprint);
        }

        @Override
        public Map<String, Object> fingerprintFields() {
            return Map.of("model", fingerprint);
        }
    }

    /**
     * A user's TorchScript model.
     *
     * @param fingerprint the file's SHA-256
     * @param footprint   the shape the model takes
     * @param criterion   how its output is compared with the sample
     */
    record UserModel(Path path, String fingerprint, TorchScriptModel.Footprint footprint,
            TorchScriptModel.Criterion criterion) implements AttackedModel {
        /**
         * The TorchScript file {@code user} names, copied to the driver and loaded there once to check it: a
         * TorchScript module that maps a batch of samples of the input shape to outputs of the same shape.
         *
         * @param samples where the samples are, for messages
         * @throws InputValidationException naming the file: missing, not TorchScript, failing on the samples'
         *                                  shape, an output of another shape, or an input shape whose size is not the
         *                                  samples'
         */
        public static UserModel of(AttackStageSettings.UserModel user, int[] sampleShape, String samples,
                HadoopConf hadoop) {
            int[] inputShape = user.inputShape().isEmpty() ? sampleShape.clone()
                    : user.inputShape().stream().mapToInt(Integer::intValue).toArray();
            if (size(inputShape) != size(sampleShape)) {
                throw new InputValidationException(user.path() + ": input-shape " + Arrays.toString(inputShape)
                        + " holds " + size(inputShape) + " values, but the samples of " + samples
                        + " have shape " + Arrays.toString(sampleShape) + " (" + size(sampleShape) + " values)");
            }
            TorchScriptModel.Criterion criterion = TorchScriptModel.Criterion.of(user.criterion());
            UserModelFiles.Copy copy = UserModelFiles.copy(user.path(), hadoop);
            try (TorchScriptModel checked = TorchScriptModel.load(copy.local(), inputShape, criterion,
                    Torch.device("cpu"))) {
                return new UserModel(new Path(user.path()), copy.sha256(), new TorchScriptModel.Footprint(inputShape),
                        criterion);
            } catch (IllegalArgumentException e) {
                throw new InputValidationException(e.getMessage().replace(copy.local().toString(), user.path()), e);
            }
        }

        @Override
        public String defaultName() {
            return nameOf(path);
        }

        @Override
        public ExecutorModels.Source source(int torchThreads, HadoopConf hadoop) {
            return new ExecutorModels.Source(path.toString(), fingerprint, torchThreads, hadoop,
                    new ExecutorModels.UserModel(footprint.inputShape(), criterion));
        }

        @Override
        public Map<String, Object> describe() {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("path", path.toString());
            out.put("format", "torchscript");
            out.put("sha256", fingerprint);
            out.put("criterion", criterion.name().toLowerCase(java.util.Locale.ROOT));
            out.put("inputShape", List.of(Arrays.stream(footprint.inputShape()).boxed().toArray()));
            return out;
        }

        /** The file's digest, and how it is attacked: the same file read another way is another attack. */
        @Override
        public Map<String, Object> fingerprintFields() {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("model", fingerprint);
            out.put("userModel", describe());
            return out;
        }

        private static long size(int[] shape) {
            return Arrays.stream(shape).asLongStream().reduce(1, Math::multiplyExact);
        }
    }
}
