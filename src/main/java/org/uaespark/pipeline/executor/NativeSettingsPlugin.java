package org.uaespark.pipeline.executor;

import java.util.Map;

import org.apache.spark.api.plugin.DriverPlugin;
import org.apache.spark.api.plugin.ExecutorPlugin;
import org.apache.spark.api.plugin.PluginContext;
import org.apache.spark.api.plugin.SparkPlugin;

import org.uaespark.nativeenv.NativeEnvironment;

/**
 * Applies each node's native settings ({@link NativeEnvironment}) when an executor starts, before any task loads
 * libtorch, so that executors on different kinds of machine each run with their own machine's verdict, also
 * under a plain {@code spark-submit}. The pipeline's sessions add it to {@code spark.plugins}.
 */
public final class NativeSettingsPlugin implements SparkPlugin {
    @Override
    public DriverPlugin driverPlugin() {
        return null;
    }

    @Override
    public ExecutorPlugin executorPlugin() {
        return new ExecutorPlugin() {
            @Override
            public void init(PluginContext ctx, Map<String, String> extraConf) {
                NativeEnvironment.prepare();
            }
        };
    }
}
