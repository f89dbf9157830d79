package org.uaespark.models.contrastive;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

import org.uaespark.models.Layers;
import org.uaespark.models.ParameterSet;
import org.uaespark.models.Scalars;

/**
 * Batch normalisation over the channel axis of [N, C, H, W] or [N, C] activations, with SimCLR's settings (decay
 * 0.9, ε = 1e-5). Training mode normalises by the batch's mean and biased variance and moves the running
 * statistics towards them (the variance unbiased, as fused kernels do), outside the recorded graph; inference mode
 * normalises by the running statistics, so each sample's output is independent of the rest of its batch.
 * Parameter names contain {@code bn}, which keeps them out of LARS' weight decay and trust ratio.
 */
final class BatchNorm {
    /** Weight of the old running statistics per training step (TensorFlow's decay). */
    static final double DECAY = 0.9;
    /** Added to the variance before the square root. */
    static final double EPSILON = 1e-5;
    private final NDArray scale;
    private final NDArray shift;
    private final NDArray runningMean;
    private final NDArray runningVariance;
    private final int channels;

    /**
     * @param zeroScale start the scale at 0 (the last normalisation of a residual block, as SimCLR's ResNet)
     * @param center    learn a shift (off for the projection head's output layer, as SimCLR)
     */
    BatchNorm(ParameterSet parameters, String name, int channels, boolean zeroScale, boolean center) {
        this.channels = channels;
        Shape shape = new Shape(channels);
        scale = parameters.constant(name + ".bn.scale", shape, zeroScale ? 0 : 1);
        shift = center ? parameters.zeros(name + ".bn.shift", shape) : null;
        runningMean = parameters.buffer(name + ".bn.running-mean", shape, 0);
        runningVariance = parameters.buffer(name + ".bn.running-variance", shape, 1);
    }

    /** Normalises {@code x}; in training mode also updates the running statistics in place. */
    NDArray apply(NDArray x, boolean training) {
        boolean maps = x.getShape().dimension() == 4;
        int[] axes = maps ? new int[] {0, 2, 3} : new int[] {0};
        Shape perChannel = maps ? new Shape(1, channels, 1, 1) : new Shape(1, channels);
        NDArray centred;
        NDArray variance;
        if (training) {
            NDArray mean = Layers.meanKeepingAxes(x, axes);
            centred = x.sub(mean);
            variance = Layers.meanKeepingAxes(centred.square(), axes);
            long count = x.getShape().size() / channels;
            NDArray batchMean = mean.stopGradient().reshape(channels);
            NDArray batchVariance = Scalars.times(variance.stopGradient().reshape(channels),
                    count / Math.max(1.0, count - 1.0));
            runningMean.muli(Scalars.of(runningMean, DECAY)).addi(Scalars.times(batchMean, 1 - DECAY));
            runningVariance.muli(Scalars.of(runningVariance, DECAY)).addi(Scalars.times(batchVariance, 1 - DECAY));
        } else {
            centred = x.sub(runningMean.reshape(perChannel));
            variance = runningVariance.reshape(perChannel);
        }
        NDArray out = centred.div(Scalars.plus(variance, EPSILON).sqrt()).mul(scale.reshape(perChannel));
        return shift == null ? out : out.add(shift.reshape(perChannel));
    }
}
