package org.uaespark.models.optim;

import java.util.ArrayList;
import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;

/**
 * LARS as SimCLR's {@code lars_optimizer} (no Nesterov): for each parameter, g ← g + λ·w unless it is excluded;
 * trust ratio r = η·‖w‖/‖g‖ (1 when either norm is 0, and for excluded parameters); v ← m·v + lr·r·g; w ← w − v.
 * Parameters whose name contains {@code bn} or {@code bias} are excluded from both weight decay and the trust
 * ratio, as SimCLR excludes {@code batch_normalization} and {@code bias}. The learning rate is set before each
 * step ({@link WarmupCosine}).
 */
public final class Lars implements Optimizer {
    private final double momentum;
    private final double weightDecay;
    private final double trustCoefficient;
    private final NDManager home;
    private final List<NDArray> velocities = new ArrayList<>();
    private double learningRate;

    /**
     * @param momentum         m (0.9)
     * @param weightDecay      λ (1e-4)
     * @param trustCoefficient η (0.001)
     * @param home             keeps the velocities
     */
    public Lars(double momentum, double weightDecay, double trustCoefficient, NDManager home) {
        this.momentum = momentum;
        this.weightDecay = weightDecay;
        this.trustCoefficient = trustCoefficient;
        this.home = home;
    }

    /** The rate of the next steps. */
    public void setLearningRate(double rate) {
        learningRate = rate;
    }

    /** Whether {@code name} is left out of weight decay and the trust ratio. */
    public static boolean excluded(String name) {
        return name != null && (name.contains("bn") || name.contains("bias"));
    }

    @Override
    public void step(List<NDArray> parameters, List<NDArray> gradients) {
        for (int i = 0; i < parameters.size(); i++) {
            NDArray p = parameters.get(i);
            while (velocities.size() <= i) {
                velocities.add(null);
            }
            if (velocities.get(i) == null) {
                velocities.set(i, home.zeros(p.getShape(), p.getDataType()));
            }
            NDArray g = gradients.get(i);
            double ratio = 1;
            if (!excluded(p.getName())) {
                g = g.add(p.mul(StatefulOptimizer.f(weightDecay)));
                double weightNorm = p.norm().toType(DataType.FLOAT64, false).getDouble();
                double gradientNorm = g.norm().toType(DataType.FLOAT64, false).getDouble();
                if (weightNorm > 0 && gradientNorm > 0) {
                    ratio = trustCoefficient * weightNorm / gradientNorm;
                }
            }
            NDArray v = velocities.get(i);
            v.muli(StatefulOptimizer.f(momentum)).addi(g.mul(StatefulOptimizer.f(learningRate * ratio)));
            p.subi(v);
        }
    }

    @Override
    public List<NDArray> state() {
        return velocities.stream().filter(v -> v != null).toList();
    }
}
