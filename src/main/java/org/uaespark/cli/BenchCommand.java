package org.uaespark.cli;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import org.uaespark.config.ConfigLoader;
import org.uaespark.config.TrainSettings;
import org.uaespark.models.ModelConfig;
import org.uaespark.models.ModelKind;
import org.uaespark.models.Torch;
import org.uaespark.models.TrainingBenchmark;

/**
 * {@code uae bench}: training throughput of each model's recipe on this machine, with the epoch time and the
 * full-recipe time it implies for a training set of a given size. Needs no dataset and no Spark job.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        header = "Measure training throughput of the model recipes.",
        description = {"Measure training throughput (samples/s) of the model recipes on synthetic inputs of the",
                "given shape, and the epoch and full-recipe times they imply."})
final class BenchCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Mixin
    ComputeOptions compute;

    @Spec
    CommandSpec spec;

    @Option(names = "--models", split = ",", paramLabel = "KIND", converter = ModelKindConverter.class,
            description = "Models to measure: sparse, dense, conv, adversarial, concrete, simclr (default: all but "
                    + "simclr, whose paper recipe, ResNet-18 at batch 512, takes tens of seconds per CPU step).")
    List<ModelKind> models = Arrays.stream(ModelKind.values()).filter(k -> k != ModelKind.SIMCLR).toList();

    @Option(names = "--steps", paramLabel = "N", description = "Timed training steps per model (default: ${DEFAULT-VALUE}).")
    int steps = 30;

    @Option(names = "--warmup", paramLabel = "N", description = "Untimed steps first (default: ${DEFAULT-VALUE}).")
    int warmup = 3;

    @Option(names = "--input-shape", split = ",", paramLabel = "D1,D2,...",
            description = "One sample's shape (default: 28,28,1, MNIST).")
    int[] shape = {28, 28, 1};

    @Option(names = "--rows", paramLabel = "N", description = "Training-set size for the epoch estimates (default: ${DEFAULT-VALUE}).")
    int rows = 60_000;

    @Option(names = "--device", paramLabel = "NAME", description = "DJL device (default: ${DEFAULT-VALUE}).")
    String device = "cpu";

    @Override
    public Integer call() {
        ConfigLoader.Loaded config = ConfigLoader.load(common.profile, System.getProperties(), compute.addTo(common.overrides()));
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "training throughput, %s, %d torch thread(s), %d timed steps after %d warm-up%n",
                device, Torch.threads(), steps, warmup);
        out.printf(Locale.ROOT, "%-12s %11s %6s %10s %10s %11s %7s %12s%n", "model", "parameters", "batch", "ms/step",
                "samples/s", "s/epoch", "epochs", "recipe min");
        for (ModelKind kind : models) {
            ModelConfig model = new ModelConfig(TrainSettings.recipe(config.config(), kind), shape);
            TrainingBenchmark.Result r = TrainingBenchmark.measure(model, Torch.device(device), warmup, steps, rows,
                    1);
            double epoch = r.secondsPerEpoch(rows);
            out.printf(Locale.ROOT, "%-12s %11d %6d %10.2f %10.0f %11.1f %7d %12.1f%n", kind.configName(), r.parameters(),
                    r.config().recipe().batchSize(), r.msPerStep(), r.samplesPerSecond(), epoch, model.recipe().epochs(),
                    epoch * model.recipe().epochs() / 60);
            out.flush();
        }
        return ExitCodes.OK;
    }
}
