package org.uaespark.cli;

import picocli.CommandLine.Option;

/** A grid stage that trains or scores models on the executors ({@code retrain}, {@code evaluate}): it takes {@code --device}. */
abstract class DeviceGridCommand extends GridCommand {
    @Option(names = "--device", paramLabel = "NAME", description = "DJL device of tasks without a Spark-assigned GPU: "
            + "cpu, gpu, gpu1, ... (uae.retrain.device).")
    String device;

    @Override
    String device() {
        return device;
    }
}
