package org.uaespark.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URISyntaxException;
import java.nio.file.Path;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import org.uaespark.testing.Float32;

/**
 * A user's TorchScript autoencoder (made by {@code src/test/resources/torchscript/make_fixtures.py} with PyTorch):
 * its per-sample MSE and BCE and their gradients in x′, taken through the TorchScript graph by DJL, equal what
 * PyTorch computed for the same inputs (another libtorch, so within float32 rounding bounds); files that are not
 * TorchScript, models that fail on the data's shape and outputs of another shape are refused naming the file.
 */
class TorchScriptModelTest {
    private static final int[] SHAPE = {6, 5, 1};
    private static final int D = 30;

    private static Path fixture(String name) throws URISyntaxException {
        return Path.of(TorchScriptModelTest.class.getResource("/torchscript/" + name).toURI());
    }

    private static float[] rows(JsonNode matrix) {
        float[] out = new float[matrix.size() * D];
        for (int r = 0; r < matrix.size(); r++) {
            for (int j = 0; j < D; j++) {
                out[r * D + j] = (float) matrix.get(r).get(j).asDouble();
            }
        }
        return out;
    }

    @Test
    void lossesAndGradientsThroughTheGraphMatchPyTorchs() throws Exception {
        JsonNode reference = new ObjectMapper().readTree(fixture("reference.json").toFile());
        float[] x = rows(reference.get("x"));
        float[] xPrime = rows(reference.get("xPrime"));
        int n = reference.get("x").size();
        for (TorchScriptModel.Criterion criterion : TorchScriptModel.Criterion.values()) {
            JsonNode expected = reference.get(criterion.name().toLowerCase());
            try (TorchScriptModel model = TorchScriptModel.load(fixture("tiny_ae.pt"), SHAPE, criterion, Device.cpu());
                    NDManager scope = model.manager().newSubManager()) {
                NDArray target = scope.create(x, new Shape(n, D));
                NDArray moved = scope.create(xPrime, new Shape(n, D));
                moved.setRequiresGradient(true);
                NDArray perSample = Autograd.backward(() -> model.perSample(target, moved).sum());
                float[] gradient = moved.getGradient().toFloatArray();
                double[] values = model.perSample(new FloatMatrix(n, D, x), new FloatMatrix(n, D, xPrime));
                // Two layers of ≤ 31 products each, a sigmoid, a mean of 30 terms: γ(64) per value is generous.
                double tolerance = 4 * Float32.gamma(64);
                double largestGradient = 0;
                for (int g = 0; g < gradient.length; g++) {
                    largestGradient = Math.max(largestGradient, Math.abs(expected.get("gradient").get(g / D).get(g % D).asDouble()));
                }
                for (int r = 0; r < n; r++) {
                    double want = expected.get("perSample").get(r).asDouble();
                    assertEquals(want, values[r], tolerance * Math.max(1, want), criterion + " sample " + r);
                    for (int j = 0; j < D; j++) {
                        assertEquals(expected.get("gradient").get(r).get(j).asDouble(), gradient[r * D + j],
                                tolerance * largestGradient * D, criterion + " gradient " + r + "," + j);
                    }
                }
                assertTrue(perSample.getFloat() > 0);
            }
        }
    }

    @Test
    void filesThatCannotBeAttackedAreRefusedNamingTheFile() throws Exception {
        for (String[] bad : new String[][] {
                {"not_torchscript.pt", "is not a TorchScript model"},
                {"wrong_input.pt", "fails on samples of shape [6, 5, 1]"},
                {"wrong_output.pt", "its output shape (1, 10) does not match the input shape (1, 6, 5, 1)"},
                {"missing.pt", "no such model file"}}) {
            Path file = bad[0].equals("missing.pt") ? fixture("tiny_ae.pt").resolveSibling("missing.pt") : fixture(bad[0]);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> TorchScriptModel.load(file, SHAPE, TorchScriptModel.Criterion.MSE, Device.cpu()), bad[0]);
            assertTrue(e.getMessage().startsWith(file.toString()) && e.getMessage().contains(bad[1]), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> TorchScriptModel.Criterion.of("l1"));
    }
}
