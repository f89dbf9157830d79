package org.uaespark.models;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import org.uaespark.data.Seeds;
import org.uaespark.data.StandardNormal;

/**
 * A model's named parameters, in creation order. Initial values are drawn in Java from a generator seeded by
 * (model seed, parameter name), so initialisation does not depend on libtorch's global generator, on thread
 * count or on what else ran in the JVM.
 */
public final class ParameterSet {
    /** Standard deviation of a standard normal truncated to [−2, 2] (Keras' truncated-normal correction). */
    private static final double TRUNCATED_NORMAL_STD = 0.87962566103423978;
    /** Every element of an array. */
    private static final NDIndex ALL = new NDIndex("...");
    private final NDManager manager;
    private final DataType dataType;
    private final Map<String, NDArray> parameters = new LinkedHashMap<>();
    private final Set<String> buffers = new HashSet<>();

    /**
     * @param manager  owns every parameter; closing it frees them
     * @param dataType FLOAT32 for models; FLOAT64 only for numerical checks
     */
    public ParameterSet(NDManager manager, DataType dataType) {
        this.manager = manager;
        this.dataType = dataType;
    }

    /** Adds a parameter drawn from Keras' Glorot-uniform: U(−a, a), a = √(6 / (fanIn + fanOut)). */
    public NDArray glorotUniform(String name, Shape shape, long fanIn, long fanOut, long seed) {
        double limit = Math.sqrt(6.0 / (fanIn + fanOut));
        SplittableRandom random = new SplittableRandom(Seeds.mix(seed, name.hashCode()));
        float[] values = new float[Math.toIntExact(shape.size())];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) ((random.nextDouble() * 2 - 1) * limit);
        }
        return add(name, OwnedArrays.of(manager, values, shape, dataType));
    }

    /**
     * Adds a parameter drawn from Keras' Glorot-normal: a normal of standard deviation √(2 / (fanIn + fanOut)) /
     * 0.8796 truncated at two standard deviations (values beyond are redrawn), so that the truncated law keeps
     * the Glorot variance.
     */
    public NDArray glorotNormal(String name, Shape shape, long fanIn, long fanOut, long seed) {
        return truncatedNormal(name, shape, Math.sqrt(2.0 / (fanIn + fanOut)), seed);
    }

    /**
     * Adds a parameter drawn from a normal truncated at two standard deviations (values beyond are redrawn) and
     * rescaled by 1 / 0.8796 so that its variance is {@code std²}: TensorFlow's {@code variance_scaling}
     * initialisers (Glorot-normal, He-normal with fan-in scale 1 as SimCLR's ResNet uses).
     */
    public NDArray truncatedNormal(String name, Shape shape, double std, long seed) {
        double scale = std / TRUNCATED_NORMAL_STD;
        SplittableRandom random = new SplittableRandom(Seeds.mix(seed, name.hashCode()));
        float[] values = new float[Math.toIntExact(shape.size())];
        for (int i = 0; i < values.length; i++) {
            double z;
            do {
                z = StandardNormal.next(random);
            } while (Math.abs(z) > 2);
            values[i] = (float) (z * scale);
        }
        return add(name, OwnedArrays.of(manager, values, shape, dataType));
    }

    /** Adds a parameter filled with {@code value} (batch-norm scales start at 1). */
    public NDArray constant(String name, Shape shape, double value) {
        return add(name, manager.full(shape, (float) value, dataType));
    }

    /**
     * Adds a buffer: state saved and loaded with the parameters but not trained (batch-norm running statistics).
     * It records no gradient and is left out of {@link #trainable()}.
     */
    public NDArray buffer(String name, Shape shape, double value) {
        buffers.add(name);
        return add(name, manager.full(shape, (float) value, dataType));
    }

    /** Adds a zero-initialised parameter (Keras' bias default). */
    public NDArray zeros(String name, Shape shape) {
        return add(name, manager.zeros(shape, dataType));
    }

    private NDArray add(String name, NDArray value) {
        if (parameters.containsKey(name)) {
            throw new IllegalArgumentException("duplicate parameter " + name);
        }
        value.setName(name);
        value.setRequiresGradient(!buffers.contains(name));
        parameters.put(name, value);
        return value;
    }

    /** The parameter called {@code name}. */
    public NDArray get(String name) {
        NDArray p = parameters.get(name);
        if (p == null) {
            throw new IllegalArgumentException("no parameter " + name + "; parameters are " + parameters.keySet());
        }
        return p;
    }

    /** Parameters whose names start with {@code prefix}, in creation order (all when the prefix is empty). */
    public List<NDArray> group(String prefix) {
        List<NDArray> out = new ArrayList<>();
        parameters.forEach((name, p) -> {
            if (name.startsWith(prefix)) {
                out.add(p);
            }
        });
        return out;
    }

    /** Every parameter and buffer, in creation order: what a model saves. */
    public List<NDArray> all() {
        return group("");
    }

    /** The parameters an optimiser updates: every parameter but the {@link #buffer buffers}, in creation order. */
    public List<NDArray> trainable() {
        List<NDArray> out = new ArrayList<>();
        parameters.forEach((name, p) -> {
            if (!buffers.contains(name)) {
                out.add(p);
            }
        });
        return out;
    }

    /** Total number of scalar parameters. */
    public long size() {
        return parameters.values().stream().mapToLong(p -> p.getShape().size()).sum();
    }

    /** Writes every parameter (name, shape, values) in DJL's NDList encoding; the bytes depend only on the values. */
    public void write(OutputStream out) throws IOException {
        new NDList(parameters.values().toArray(new NDArray[0])).encode(out);
    }

    /**
     * Replaces every parameter's values with those read from {@code in}, checking names and shapes.
     *
     * @throws IOException when the stream is not a parameter file of this architecture
     */
    public void read(InputStream in) throws IOException {
        NDList loaded;
        try {
            loaded = NDList.decode(manager, in);
        } catch (RuntimeException e) {
            throw new IOException("not a parameter file: " + e.getMessage(), e);
        }
        if (loaded.size() != parameters.size()) {
            throw new IOException("parameter file holds " + loaded.size() + " arrays, the architecture has "
                    + parameters.size());
        }
        int i = 0;
        for (Map.Entry<String, NDArray> e : parameters.entrySet()) {
            NDArray value = loaded.get(i++);
            if (!e.getKey().equals(value.getName()) || !e.getValue().getShape().equals(value.getShape())) {
                throw new IOException("parameter " + i + " is " + value.getName() + " " + value.getShape()
                        + ", the architecture expects " + e.getKey() + " " + e.getValue().getShape());
            }
            // an indexed assignment copies inside libtorch; set(float[]) would make the parameter a view of a Java
            // direct buffer again (OwnedArrays), and a loaded model would hold it for as long as it lived
            e.getValue().set(ALL, value);
            value.close();
        }
    }
}
