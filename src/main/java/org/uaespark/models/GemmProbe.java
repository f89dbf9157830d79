package org.uaespark.models;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * This machine's fp32 matrix-multiply rate through DJL's PyTorch engine, measured in the running JVM with the
 * threads it has: the peak a benchmark's counted work is compared with, taken in the same run and under the same
 * neighbour load rather than from a data sheet or another machine. A rate is the best of several timed products
 * after an untimed one (the first call pays for allocation and kernel selection).
 */
public final class GemmProbe {
    private GemmProbe() {
    }

    /**
     * A measured rate.
     *
     * @param shape  the product measured, {@code [batch ×] m×k · k×n}
     * @param gflops the best rate, in 10⁹ floating-point operations per second (a multiply-add counts as two)
     */
    public record Rate(String shape, double gflops) {
    }

    /**
     * The best rate of one n×n by n×n product over {@code reps} timed runs: the machine's fp32 peak as far as a
     * large GEMM reaches it.
     */
    public static Rate square(int n, int reps) {
        if (n < 1 || reps < 1) {
            throw new IllegalArgumentException("GEMM probe side and repetitions must be positive");
        }
        try (NDManager manager = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            manager.getEngine().setRandomSeed(0);
            NDArray a = manager.randomUniform(-1, 1, new Shape(n, n));
            NDArray b = manager.randomUniform(-1, 1, new Shape(n, n));
            double best = Double.POSITIVE_INFINITY;
            for (int rep = 0; rep <= reps; rep++) {
                long started = System.nanoTime();
                NDArray product = a.matMul(b); // eager and synchronous on the CPU: done when it returns
                double seconds = (System.nanoTime() - started) / 1e9;
                product.close();
                if (rep > 0) {
                    best = Math.min(best, seconds);
                }
            }
            return new Rate(n + "×" + n + " · " + n + "×" + n, 2.0 * n * n * n / best / 1e9);
        }
    }
}
