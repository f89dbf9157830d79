package org.uaespark.models;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/** The PyTorch engine as the models use it: loaded on first use, queried for its threads. */
public final class Torch {
    private Torch() {
    }

    /** Loads the PyTorch engine (extracting its native library on first use) and returns the intra-op threads. */
    public static int threads() {
        Engine.getEngine("PyTorch");
        return JniUtils.getNumThreads();
    }
}
