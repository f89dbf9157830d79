package org.uaespark.models;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/** The PyTorch engine as the models use it: loaded on first use, queried for its threads. */
public final class Torch {
    private Torch() {
    }

    /**
     * The DJL device called {@code name} ({@code cpu}, {@code gpu}, {@code gpu1}, …), checked against what the
     * loaded PyTorch library can see.
     *
     * @throws IllegalArgumentException for a GPU the library cannot use (e.g. with the CPU natives)
     */
    public static Device device(String name) {
        Device device = Device.fromName(name);
        if (device.isGpu()) {
            int visible = Engine.getEngine("PyTorch").getGpuCount();
            if (device.getDeviceId() >= visible) {
                throw new IllegalArgumentException("device " + name + " requested but PyTorch sees " + visible
                        + " GPU(s); GPU executors need a CUDA build of libtorch (see src/site/markdown/operating.md, GPU)");
            }
        }
        return device;
    }

    /** Loads the PyTorch engine (extracting its native library on first use) and returns the intra-op threads. */
    public static int threads() {
        Engine.getEngine("PyTorch");
        return JniUtils.getNumThreads();
    }

    /**
     * Sets PyTorch's intra-op threads for this process (a process-wide setting: concurrent attack tasks in one
     * executor share it) and returns the number in effect.
     */
    public static synchronized int useThreads(int threads) {
        if (threads <= 0) {
            throw new IllegalArgumentException("torch threads must be positive, got " + threads);
        }
        Engine.getEngine("PyTorch");
        if (JniUtils.getNumThreads() != threads) {
            JniUtils.setNumThreads(threads);
        }
        return JniUtils.getNumThreads();
    }
}
