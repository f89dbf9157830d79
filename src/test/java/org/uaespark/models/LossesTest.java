package org.uaespark.models;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class LossesTest {

    private static double kl(double p, double q) {
        return p * Math.log(p / q) + (1 - p) * Math.log((1 - p) / (1 - q));
    }

    @Test
    void klSparsityMatchesTheHandComputedValue() {
        try (NDManager m = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            // Column means ρ̂ = [0.2, 0.6, 1e-10 (clipped from 0)].
            NDArray hidden = m.create(new float[] {0.1f, 0.5f, 0f, 0.3f, 0.7f, 0f}, new Shape(2, 3));
            double expected = (kl(0.1, 0.2) + kl(0.1, 0.6) + kl(0.1, 1e-10)) / 3;
            assertEquals(expected, Losses.klSparsity(hidden, 0.1f).getFloat(), 1e-5 * expected);
            assertEquals(0.29367, (kl(0.1, 0.2) + kl(0.1, 0.6)) / 2, 1e-5, "the two regular terms by hand");
        }
    }

    @Test
    void binaryCrossEntropyClipsLikeKeras() {
        try (NDManager m = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            NDArray target = m.create(new float[] {1f, 0f, 0.25f});
            NDArray prediction = m.create(new float[] {0f, 0.5f, 0.75f});
            double eps = 1e-7;
            double expected = (-Math.log(eps) - Math.log(0.5) - (0.25 * Math.log(0.75) + 0.75 * Math.log(0.25))) / 3;
            assertEquals(expected, Losses.binaryCrossEntropy(target, prediction).getFloat(), 1e-5 * expected);
        }
    }

    @Test
    void mseAndL1Activity() {
        try (NDManager m = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            NDArray a = m.create(new float[] {0f, 1f, 2f, -3f}, new Shape(2, 2));
            NDArray b = m.create(new float[] {1f, 1f, 0f, 0f}, new Shape(2, 2));
            assertEquals((1 + 0 + 4 + 9) / 4.0, Losses.mse(a, b).getFloat(), 1e-6);
            assertEquals(0.5 * (0 + 1 + 2 + 3) / 2, Losses.l1Activity(a, 0.5f).getFloat(), 1e-6);
        }
    }
}
