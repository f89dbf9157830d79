package org.uaespark.pipeline.executor;

import java.util.Map;

import ai.djl.Device;
import org.apache.spark.TaskContext;
import org.apache.spark.resource.ResourceInformation;

import org.uaespark.models.Torch;

/**
 * The DJL device of the running Spark task: the first GPU Spark's resource scheduling assigned to it
 * ({@code spark.task.resource.gpu.amount}, read from {@link TaskContext#resourcesJMap()}), else the configured
 * fallback ({@code cpu} by default).
 */
public final class TaskDevices {
    private TaskDevices() {
    }

    /** The current task's device; {@code fallback} outside a task or when no GPU is assigned. */
    public static Device current(String fallback) {
        TaskContext task = TaskContext.get();
        if (task != null) {
            Map<String, ResourceInformation> resources = task.resourcesJMap();
            ResourceInformation gpu = resources.get("gpu");
            if (gpu != null && gpu.addresses().length > 0) {
                return Torch.device("gpu" + Integer.parseInt(gpu.addresses()[0].trim()));
            }
        }
        return Torch.device(fallback);
    }
}
