package org.uaespark.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;

/**
 * {@link Autograd#gradients} (torch.autograd.grad through the shipped TorchScript module) against the closed form and
 * against {@link Autograd#backward}: the same gradients, none of them added into the leaves, so two calls give the
 * same values where two backward passes without a {@link Autograd#zero} would give twice them.
 */
class AutogradTest {
    @Test
    void gradientsAreTheClosedFormAndAccumulateNowhere() {
        try (NDManager m = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            NDArray p = m.create(new float[] {0.5f, -1.5f, 2f});
            NDArray q = m.create(new float[] {3f, 0.25f, -1f});
            p.setRequiresGradient(true);
            q.setRequiresGradient(true);
            // L = Σ (p·q)² + Σ p: ∂L/∂p = 2pq² + 1, ∂L/∂q = 2p²q.
            float[] dp = {2 * 0.5f * 9f + 1, 2 * -1.5f * 0.0625f + 1, 2 * 2f * 1f + 1};
            float[] dq = {2 * 0.25f * 3f, 2 * 2.25f * 0.25f, 2 * 4f * -1f};
            for (int call = 0; call < 2; call++) {
                List<NDArray> g = Autograd.gradients(() -> p.mul(q).square().sum().add(p.sum()), List.of(p, q));
                assertEquals(2, g.size());
                assertArrayEquals(dp, g.get(0).toFloatArray(), 1e-6f, "dL/dp, call " + call);
                assertArrayEquals(dq, g.get(1).toFloatArray(), 1e-6f, "dL/dq, call " + call);
            }
            Autograd.backward(() -> p.mul(q).square().sum().add(p.sum()));
            assertArrayEquals(dp, p.getGradient().toFloatArray(), 1e-6f,
                    "backward after two gradients() calls: nothing was accumulated before it");
            assertArrayEquals(dq, q.getGradient().toFloatArray(), 1e-6f);
        }
    }
}
