package org.uaespark.pipeline.executor;

import java.util.Map;

import org.apache.spark.TaskFailedReason;
import org.apache.spark.api.plugin.DriverPlugin;
import org.apache.spark.api.plugin.ExecutorPlugin;
import org.apache.spark.api.plugin.PluginContext;
import org.apache.spark.api.plugin.SparkPlugin;

import org.uaespark.nativeenv.MallocTrim;
import org.uaespark.nativeenv.NativeEnvironment;

/**
 * The executors' side of the native libraries: applies each node's native settings ({@link NativeEnvironment})
 * when an executor starts, before any task loads libtorch, so that executors on different kinds of machine each
 * run with their own machine's verdict, also under a plain {@code spark-submit}; and returns the C heap's free
 * memory to the kernel whenever a task ends ({@link MallocTrim}), so that a long run's resident memory does not
 * keep what glibc's arenas held for the last task. The pipeline's sessions add it to {@code spark.plugins}.
 */
public final class NativeLibrariesPlugin implements SparkPlugin {
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

            @Override
            public void onTaskSucceeded() {
                MallocTrim.trim();
            }

            @Override
            public void onTaskFailed(TaskFailedReason failureReason) {
                MallocTrim.trim();
            }
        };
    }
}
