package org.uaespark.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each model's backward pass against central finite differences of its loss, along random directions in
 * parameter space: (L(θ + hv) − L(θ − hv)) / 2h must equal ∇L·v. The check runs the same architecture in float64
 * (the models' code is type-generic): with h = 1e-7 the truncation error is O(h²) ≈ 1e-14 and the rounding error
 * about 1e-16·|L| / h ≈ 1e-9, while crossing a ReLU or max-pool kink needs a pre-activation within ~1e-7 of a
 * tie. A relative tolerance of 1e-5 therefore passes a correct gradient with a wide margin and fails any wrong
 * term of the loss or its backward pass, which shift the derivative by percents.
 */
public class GradientCheckTest {
    private static final double H = 1e-7;

    /** Compares the directional derivative of {@code loss} w.r.t. {@code parameters} with finite differences. */
    public static void check(Supplier<NDArray> loss, List<NDArray> parameters, long seed) {
        Autograd.zero(parameters);
        Autograd.backward(loss);
        Autograd.noGrad();
        SplittableRandom random = new SplittableRandom(seed);
        for (int trial = 0; trial < 3; trial++) {
            List<NDArray> directions = new ArrayList<>();
            double analytic = 0;
            for (NDArray p : parameters) {
                float[] v = new float[(int) p.getShape().size()];
                for (int i = 0; i < v.length; i++) {
                    v[i] = (float) (random.nextDouble() * 2 - 1);
                }
                NDArray direction = p.getManager().create(v, p.getShape()).toType(p.getDataType(), false);
                directions.add(direction);
                analytic += p.getGradient().mul(direction).sum().getDouble();
            }
            shift(parameters, directions, H);
            double plus = loss.get().getDouble();
            shift(parameters, directions, -2 * H);
            double minus = loss.get().getDouble();
            shift(parameters, directions, H);
            double numeric = (plus - minus) / (2 * H);
            assertEquals(analytic, numeric, 1e-5 * Math.abs(analytic) + 1e-9,
                    "directional derivative, trial " + trial + ": analytic " + analytic + ", numeric " + numeric);
            assertTrue(Math.abs(analytic) > 1e-4, "a vanishing gradient proves nothing: " + analytic);
        }
        Autograd.zero(parameters);
    }

    private static void shift(List<NDArray> parameters, List<NDArray> directions, double step) {
        for (int i = 0; i < parameters.size(); i++) {
            parameters.get(i).addi(directions.get(i).mul(step));
        }
    }

    private static NDArray input(NDManager manager) {
        return TinyModels.batch(manager, 4, 64, 5).toType(DataType.FLOAT64, false);
    }

    @ParameterizedTest
    @EnumSource(value = ModelKind.class, names = {"SPARSE", "DENSE", "CONV"})
    void singleLossModels(ModelKind kind) {
        try (Autoencoder model = TinyModels.createDouble(kind, 11);
             NDManager data = model.manager().newSubManager()) {
            NDArray x = input(data);
            check(() -> ((SingleLossAutoencoder) model).loss(x), model.parameters().all(), 3);
        }
    }

    @Test
    void adversarialModelsThreeLosses() {
        try (AdversarialAutoencoder model = (AdversarialAutoencoder) TinyModels.createDouble(ModelKind.ADVERSARIAL, 11);
             NDManager data = model.manager().newSubManager()) {
            NDArray x = input(data);
            List<NDArray> autoencoder = new ArrayList<>(model.parameters().group("encoder."));
            autoencoder.addAll(model.parameters().group("decoder."));
            check(() -> model.reconstructionLoss(x), autoencoder, 3);
            Autograd.noGrad();
            NDArray codes = model.encode(x);
            NDArray prior = model.priorSample(data, 4, 9).toType(DataType.FLOAT64, false);
            check(() -> model.discriminatorLoss(codes, prior), model.parameters().group("discriminator."), 4);
            check(() -> model.generatorLoss(x), model.parameters().group("encoder."), 5);
        }
    }
}
