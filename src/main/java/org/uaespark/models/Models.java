package org.uaespark.models;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import org.uaespark.models.contrastive.SimClr;

/**
 * Creates, saves and loads models. A saved model is two streams: its {@link ModelConfig} as JSON and its
 * parameters in DJL's NDList encoding; together they rebuild a model that computes exactly what the saved one did.
 */
public final class Models {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Models() {
    }

    /** A freshly initialised float32 model on {@code device}, initial values drawn from {@code seed}. */
    public static UnsupervisedModel create(ModelConfig config, Device device, long seed) {
        return create(config, device, seed, DataType.FLOAT32);
    }

    /** As {@link #create(ModelConfig, Device, long)} with another parameter type (FLOAT64 for numerical checks). */
    public static UnsupervisedModel create(ModelConfig config, Device device, long seed, DataType dataType) {
        NDManager manager = NDManager.newBaseManager(device, "PyTorch");
        try {
            return switch (config.kind()) {
                case SPARSE, DENSE -> new DenseAutoencoder(config, manager, seed, dataType);
                case CONV -> new ConvAutoencoder(config, manager, seed, dataType);
                case ADVERSARIAL -> new AdversarialAutoencoder(config, manager, seed, dataType);
                case CONCRETE -> new ConcreteAutoencoder(config, manager, seed, dataType);
                case SIMCLR -> new SimClr(config, manager, seed, dataType);
            };
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /** Writes the configuration as JSON. */
    public static void writeConfig(ModelConfig config, OutputStream out) throws IOException {
        JSON.writeValue(out, config);
    }

    /** Reads a configuration written by {@link #writeConfig}. */
    public static ModelConfig readConfig(InputStream in) throws IOException {
        return JSON.readValue(in, ModelConfig.class);
    }

    /** Rebuilds a saved model: the architecture from {@code config}, then the saved parameter values. */
    public static UnsupervisedModel load(ModelConfig config, InputStream parameters, Device device) throws IOException {
        UnsupervisedModel model = create(config, device, 0L);
        try {
            Autograd.noGrad();
            model.parameters().read(parameters);
            return model;
        } catch (IOException | RuntimeException e) {
            model.close();
            throw e;
        }
    }
}
