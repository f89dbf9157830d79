package org.uaespark.pipeline.store;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;

import ai.djl.Device;
import com.fasterxml.jackson.core.JsonProcessingException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import org.uaespark.data.InputValidationException;
import org.uaespark.models.UnsupervisedModel;
import org.uaespark.models.ModelConfig;
import org.uaespark.models.Models;

/**
 * Reads and writes a model folder on any Hadoop file system: {@code _model.json} (architecture, input shape and
 * recipe) and {@code parameters.ndlist} (the parameter values), beside the usual {@code _SUCCESS} and
 * {@code _provenance.json}.
 */
public final class ModelStore {
    /** The model's configuration. */
    public static final String CONFIG = "_model.json";
    /** The model's parameter values (DJL NDList encoding). */
    public static final String PARAMETERS = "parameters.ndlist";

    private final Configuration hadoopConf;

    /** @param hadoopConf the Spark session's Hadoop configuration */
    public ModelStore(Configuration hadoopConf) {
        this.hadoopConf = hadoopConf;
    }

    /** Writes {@code model}'s configuration and parameters into {@code dir}. */
    public void write(UnsupervisedModel model, Path dir) {
        try {
            FileSystem fs = dir.getFileSystem(hadoopConf);
            try (OutputStream out = fs.create(new Path(dir, CONFIG), true)) {
                Models.writeConfig(model.config(), out);
            }
            try (OutputStream out = fs.create(new Path(dir, PARAMETERS), true)) {
                model.parameters().write(out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the model into " + dir, e);
        }
    }

    /**
     * Loads the model in {@code dir} onto {@code device}.
     *
     * @throws InputValidationException naming the folder or file when it is missing, incomplete or corrupt
     */
    public UnsupervisedModel load(Path dir, Device device) {
        ModelConfig config = readConfig(dir);
        try (InputStream in = dir.getFileSystem(hadoopConf).open(new Path(dir, PARAMETERS))) {
            return Models.load(config, in, device);
        } catch (FileNotFoundException e) {
            throw new InputValidationException(dir + ": incomplete model folder (" + e.getMessage() + ")", e);
        } catch (IOException | IllegalArgumentException e) {
            throw new InputValidationException(new Path(dir, PARAMETERS) + ": corrupt or mismatched parameters ("
                    + e.getMessage() + ")", e);
        }
    }

    /**
     * The configuration (architecture, input shape, recipe) of the model in {@code dir}, without its parameters.
     *
     * @throws InputValidationException naming the folder or file when it is missing or not a model configuration
     */
    public ModelConfig readConfig(Path dir) {
        try {
            FileSystem fs = dir.getFileSystem(hadoopConf);
            if (!fs.exists(dir)) {
                throw new InputValidationException(dir + ": no such model folder");
            }
            try (InputStream in = fs.open(new Path(dir, CONFIG))) {
                return Models.readConfig(in);
            }
        } catch (FileNotFoundException e) {
            throw new InputValidationException(dir + ": incomplete model folder (" + e.getMessage() + ")", e);
        } catch (JsonProcessingException e) {
            throw new InputValidationException(new Path(dir, CONFIG) + ": not a model configuration ("
                    + e.getOriginalMessage() + ")", e);
        } catch (IOException | IllegalArgumentException e) {
            throw new InputValidationException(new Path(dir, CONFIG) + ": unreadable model configuration ("
                    + e.getMessage() + ")", e);
        }
    }
}
