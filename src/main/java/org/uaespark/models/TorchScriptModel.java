package org.uaespark.models;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.pytorch.jni.JniUtils;

/**
 * A user's unsupervised model saved as TorchScript ({@code torch.jit.script(m).save} or {@code torch.jit.trace}),
 * attacked through DJL's PyTorch engine: f(x, x′) is the {@link Criterion} of the model's output at x′ against x,
 * per sample, and its gradient in x′ is taken through the TorchScript graph. The model runs in eval mode (dropout
 * off, batch norm on its running statistics) with its parameters frozen: the attack moves x′ only. It offers no
 * feature map, so MINE compares random projections. Knows nothing of Spark.
 */
public final class TorchScriptModel implements UnsupervisedCriterion {
    private final Model model;
    private final PtSymbolBlock block;
    private final int[] inputShape;
    private final int features;
    private final Criterion criterion;
    private final ParameterSet frozen;

    /** How the model's output is compared with the sample, element by element, then averaged per sample. */
    public enum Criterion {
        /** Squared error (x − Φ(x′))²: reconstruction models with outputs in any range. */
        MSE,
        /** Binary cross-entropy −x log Φ(x′) − (1 − x) log(1 − Φ(x′)), outputs clamped to [1e-7, 1 − 1e-7]. */
        BCE;

        private static final float EPSILON = 1e-7f;

        /** The criterion named {@code name} (mse or bce, any case). */
        public static Criterion of(String name) {
            try {
                return valueOf(name.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("criterion must be mse or bce, not '" + name + "'", e);
            }
        }

        /** The element terms [B, d] of {@code output} against {@code target}. */
        NDArray terms(NDArray target, NDArray output) {
            if (this == MSE) {
                return output.sub(target).square();
            }
            NDArray p = output.clip(EPSILON, 1 - EPSILON);
            return target.mul(p.log()).add(target.neg().add(1).mul(p.neg().add(1).log())).neg();
        }
    }

    /**
     * A TorchScript model as the attack's memory plan sees it: samples of {@code inputShape}, no feature maps for
     * MINE, and activations it cannot know (the graph is opaque), counted as none: the automatic batch size covers
     * the attack's own arrays only, so for a large model set the batch size or a smaller memory budget.
     *
     * @param inputShape one sample's shape as the model takes it
     */
    public record Footprint(int[] inputShape) implements ModelFootprint, java.io.Serializable {
        public Footprint {
            if (inputShape.length == 0 || Arrays.stream(inputShape).anyMatch(d -> d <= 0)) {
                throw new IllegalArgumentException("input shape must be positive numbers, got "
                        + Arrays.toString(inputShape));
            }
            inputShape = inputShape.clone();
        }

        @Override
        public Optional<FeatureMaps> mineFeatureMaps() {
            return Optional.empty();
        }

        @Override
        public long criterionActivations() {
            return 0;
        }
    }

    private TorchScriptModel(Model model, PtSymbolBlock block, int[] inputShape, Criterion criterion) {
        this.model = model;
        this.block = block;
        this.inputShape = inputShape.clone();
        this.features = Arrays.stream(inputShape).reduce(1, Math::multiplyExact);
        this.criterion = criterion;
        this.frozen = new ParameterSet(model.getNDManager(), DataType.FLOAT32);
    }

    /**
     * Loads {@code file} on {@code device} for samples of {@code inputShape}, after checking it is TorchScript and
     * maps a sample to an output of the sample's shape.
     *
     * @throws IllegalArgumentException naming the file: missing, not TorchScript, failing on the shape, or an output
     *                                  of another shape
     */
    public static TorchScriptModel load(Path file, int[] inputShape, Criterion criterion, Device device) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file + ": no such model file");
        }
        Model model = Model.newInstance(file.getFileName().toString(), device, "PyTorch");
        try {
            // trainParam: parameters as ordinary tensors, which autograd can see through (not inference tensors).
            model.load(file, null, Map.of("trainParam", "true"));
        } catch (IOException | MalformedModelException | EngineException | IllegalArgumentException e) {
            model.close();
            throw new IllegalArgumentException(file + " is not a TorchScript model (save one with "
                    + "torch.jit.script(model).save(path) or torch.jit.trace(model, example).save(path)): "
                    + firstLine(e), e);
        }
        PtSymbolBlock block = (PtSymbolBlock) model.getBlock();
        JniUtils.enableInferenceMode(block);
        block.getParameters().forEach(p -> p.getValue().getArray().setRequiresGradient(false));
        TorchScriptModel loaded = new TorchScriptModel(model, block, inputShape, criterion);
        try {
            loaded.requireSampleShapedOutput(file);
        } catch (RuntimeException e) {
            loaded.close();
            throw e;
        }
        return loaded;
    }

    private void requireSampleShapedOutput(Path file) {
        Shape expected = batchShape(1);
        Shape output;
        boolean before = JniUtils.isGradMode();
        try (NDManager scope = manager().newSubManager()) {
            Autograd.noGrad();
            output = forward(scope.zeros(expected)).getShape();
        } catch (EngineException e) {
            throw new IllegalArgumentException(file + " fails on samples of shape " + Arrays.toString(inputShape) + ": "
                    + firstLine(e), e);
        } finally {
            JniUtils.setGradMode(before);
        }
        if (!output.equals(expected)) {
            throw new IllegalArgumentException(file + ": its output shape " + output + " does not match the input shape "
                    + expected + "; an attacked model maps each sample to a reconstruction of the sample's shape");
        }
    }

    /**
     * The model's output for a batch shaped {@code [B, inputShape…]}, recording a graph when recording is on. The
     * TorchScript graph executor's optimiser is off (a thread-local switch, so set on every call): it profiles the
     * first runs and may then swap in a specialised graph with fused kernels (where the build enables a fuser), so a
     * sample's result could depend on how many batches its thread ran before it, that is on the partitioning.
     */
    private NDArray forward(NDArray batch) {
        JniUtils.setGraphExecutorOptimize(false);
        return IValueUtils.forward(block, new NDList(batch), JniUtils.isGradMode()).singletonOrThrow();
    }

    private Shape batchShape(long rows) {
        long[] dims = new long[inputShape.length + 1];
        dims[0] = rows;
        for (int i = 0; i < inputShape.length; i++) {
            dims[i + 1] = inputShape[i];
        }
        return new Shape(dims);
    }

    @Override
    public NDArray perSample(NDArray x, NDArray xPrime) {
        long rows = xPrime.getShape().get(0);
        NDArray output = forward(xPrime.reshape(batchShape(rows))).reshape(rows, features);
        return criterion.terms(x, output).mean(new int[] {1});
    }

    @Override
    public double[] perSample(FloatMatrix x, FloatMatrix xPrime) {
        boolean before = JniUtils.isGradMode();
        try (NDManager scope = manager().newSubManager()) {
            Autograd.noGrad();
            NDArray target = scope.create(x.data(), new Shape(x.rows(), x.cols()));
            NDArray output = forward(scope.create(xPrime.data(), batchShape(xPrime.rows()))).reshape(xPrime.rows(),
                    features);
            float[] terms = criterion.terms(target, output).toFloatArray();
            double[] out = new double[x.rows()];
            for (int r = 0; r < x.rows(); r++) {
                double sum = 0;
                for (int j = 0; j < features; j++) {
                    sum += terms[r * features + j];
                }
                out[r] = sum / features;
            }
            return out;
        } finally {
            JniUtils.setGradMode(before);
        }
    }

    @Override
    public NDManager manager() {
        return model.getNDManager();
    }

    /** None: the TorchScript module's parameters are frozen inside it, and no attack scope needs them attached. */
    @Override
    public ParameterSet parameters() {
        return frozen;
    }

    /** The module's own parameters, which {@link #parameters()} leaves out (they stay frozen inside it). */
    @Override
    public long parameterBytes() {
        return UnsupervisedCriterion.bytesOf(block.getParameters().values().stream().map(p -> p.getArray()).toList());
    }

    /** The shape of one sample the model takes. */
    public int[] inputShape() {
        return inputShape.clone();
    }

    @Override
    public void close() {
        model.close();
    }

    private static String firstLine(Exception e) {
        String message = String.valueOf(e.getMessage());
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
