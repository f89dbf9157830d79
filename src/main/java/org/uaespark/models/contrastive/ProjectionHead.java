package org.uaespark.models.contrastive;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

import org.uaespark.models.Layers;
import org.uaespark.models.ParameterSet;

/**
 * SimCLR v2's projection head: three bias-free dense layers each followed by batch norm (representation → hidden →
 * hidden → output), ReLU after the first two; the last normalisation has no shift. Kernels start from a normal of
 * standard deviation 0.01 truncated at two (SimCLR's linear layers draw it untruncated: a stated departure).
 */
final class ProjectionHead {
    private static final double KERNEL_STD = 0.01;
    private final NDArray[] kernels = new NDArray[3];
    private final BatchNorm[] norms = new BatchNorm[3];

    ProjectionHead(ParameterSet parameters, int in, int hidden, int out, long seed) {
        int[] widths = {in, hidden, hidden, out};
        for (int i = 0; i < 3; i++) {
            String name = "head.dense" + (i + 1);
            kernels[i] = parameters.truncatedNormal(name + ".weight", new Shape(widths[i], widths[i + 1]), KERNEL_STD,
                    seed);
            norms[i] = new BatchNorm(parameters, name, widths[i + 1], false, i < 2);
        }
    }

    /** The projections of representations [N, in]: [N, out]. */
    NDArray project(NDArray representation, boolean training) {
        NDArray h = representation;
        for (int i = 0; i < 3; i++) {
            h = norms[i].apply(h.matMul(kernels[i]), training);
            if (i < 2) {
                h = Layers.relu(h);
            }
        }
        return h;
    }
}
