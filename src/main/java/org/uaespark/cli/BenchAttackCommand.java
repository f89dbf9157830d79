package org.uaespark.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import org.uaespark.attack.AttackBenchmark;
import org.uaespark.attack.AttackSettings;
import org.uaespark.config.AttackProfiles;
import org.uaespark.config.ConfigLoader;
import org.uaespark.config.RunSettings;
import org.uaespark.config.TrainSettings;
import org.uaespark.mine.ProjectionMode;
import org.uaespark.models.GemmProbe;
import org.uaespark.models.UnsupervisedModel;
import org.uaespark.models.ModelConfig;
import org.uaespark.models.ModelKind;
import org.uaespark.models.Models;
import org.uaespark.models.Torch;
import org.uaespark.pipeline.RunSamples;
import org.uaespark.pipeline.SparkSessions;

/**
 * {@code uae bench-attack}: MinMax attack throughput per batch size, side by side in one run, with the ratio to
 * B = 1 (the official code's one-sample regime), the achieved GFLOP/s of the MINE work as executed, that rate as a
 * share of this machine's fp32 GEMM peak measured in the same run ({@link GemmProbe}: the best of large square
 * products), and the rate of the paper's layer-by-layer work (what a per-sample loop evaluating the network as
 * written must sustain to keep up). Every timed pass follows an untimed warm-up.
 */
@Command(name = "bench-attack", mixinStandardHelpOptions = true,
        header = "Measure MinMax attack throughput per batch size.",
        description = "Measure MinMax attack throughput (samples/s) for several batch sizes in one run, on a freshly "
                + "initialised model and uniform inputs or (--from-run) a run's trained model and images, with the "
                + "speed-up over one sample at a time, the GFLOP/s of the MINE work as executed and as a share of this "
                + "machine's fp32 GEMM peak measured in the same run, and the rate of the paper's layer-by-layer work.")
final class BenchAttackCommand implements Callable<Integer> {
    private static final int PROBE_REPS = 5;

    @Mixin
    CommonOptions common;

    @Mixin
    ComputeOptions compute;

    @Spec
    CommandSpec spec;

    @Option(names = "--attack-profile", paramLabel = "NAME", description = "Entry of uae.attack-profiles (default: ${DEFAULT-VALUE}).")
    String attackProfile = "cpu";

    @Option(names = "--model", paramLabel = "KIND", converter = ModelKindConverter.class, defaultValue = "dense",
            description = "Attacked model (default: ${DEFAULT-VALUE}).")
    ModelKind model;

    @Option(names = "--batch-size", split = ",", paramLabel = "B,...", description = "Batch sizes measured, one "
            + "after the other (default: 1,8,32).")
    List<Integer> batchSizes = List.of(1, 8, 32);

    @Option(names = "--limit", paramLabel = "N", description = "Samples attacked per batch size: the first N "
            + "training images with --from-run, else N generated ones (default: ${DEFAULT-VALUE}).")
    int samples = 32;

    @Option(names = "--input-shape", split = ",", paramLabel = "D1,D2,...", description = "One sample's shape "
            + "(default: 28,28,1).")
    int[] shape = {28, 28, 1};

    @Option(names = "--warmup", paramLabel = "N", description = {"Samples attacked untimed before each measurement "
            + "(default: one batch of its size)."})
    Integer warmup;

    @Option(names = "--peak-sizes", split = ",", paramLabel = "N", description = {"Sides of the square GEMMs whose "
            + "best rate is the fp32 peak (default: 512,1024,2048; the best size depends on the caches and the "
            + "neighbours' load)."})
    List<Integer> peakSizes = List.of(512, 1024, 2048);

    @Option(names = "--from-run", description = {"Attack the run's trained model (--model, the run of --run-id or the "
            + "profile) on its first --limit training images (uae.attack.dataset) instead of a fresh model on "
            + "uniform noise; --input-shape is then the model's."})
    boolean fromRun;

    @Option(names = "--literal-baseline",
            description = "First measure B = 1 with projections redrawn per sample and evaluation for the δ step and "
                    + "the MINE steps (the official code's regime) and report every ratio against it.")
    boolean literalBaseline;

    @Override
    public Integer call() {
        ConfigLoader.Loaded config = ConfigLoader.load(common.profile, System.getProperties(), compute.addTo(common.overrides()));
        AttackSettings settings = AttackProfiles.read(config.config(), attackProfile, AttackProfiles.attackMethod(config.config()));
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "attack throughput: profile %s (%s, T=%d, MINE steps %d, K=%d, p=%d, %s projections), "
                        + "model %s, %d torch thread(s), %d samples per batch size%n", attackProfile,
                settings.method().configName(), settings.iterations(), settings.mineSteps(), settings.k(), settings.p(),
                settings.projections().configName(), model.configName(), Torch.threads(), samples);
        RunSettings run = RunSettings.from(config.config());
        ModelConfig modelConfig = fromRun ? RunSamples.trainedConfig(run, model.configName())
                : new ModelConfig(TrainSettings.recipe(config.config(), model), shape);
        float[][] inputs = fromRun
                ? RunSamples.firstTrainSamples(run, config.config().getString("uae.attack.dataset"), samples)
                : AttackBenchmark.uniformSamples(samples, modelConfig.inputSize(), 11);
        out.println(fromRun ? "inputs: the first " + samples + " training images of run " + run.runId()
                + ", its trained " + model.configName() + " model" : "inputs: uniform noise, a fresh "
                + model.configName() + " model");
        GemmProbe.Rate peak = peakSizes.stream().map(n -> GemmProbe.square(n, PROBE_REPS))
                .max(java.util.Comparator.comparingDouble(GemmProbe.Rate::gflops)).orElseThrow(
                        () -> new picocli.CommandLine.ParameterException(spec.commandLine(), "--peak-sizes is empty"));
        out.printf(Locale.ROOT, "fp32 GEMM peak measured now: %.1f GFLOP/s (%s, the best of squares %s, %d times each)%n",
                peak.gflops(), peak.shape(), peakSizes, PROBE_REPS);
        out.printf(Locale.ROOT, "%6s %10s %11s %9s %13s %9s %7s %14s %11s%n", "B", "seconds", "samples/s",
                literalBaseline ? "vs lit" : "vs first", "GFLOP/sample", "GFLOP/s", "% peak", "layered GF/smp",
                "layered GF/s");
        try (UnsupervisedModel target = fromRun ? RunSamples.trainedModel(run, model.configName())
                : Models.create(modelConfig, Torch.device("cpu"), 1)) {
            double single = Double.NaN;
            if (literalBaseline) {
                AttackSettings literal = settings.withProjections(ProjectionMode.REDRAW, ProjectionMode.REDRAW);
                AttackBenchmark.Result r = AttackBenchmark.measure(target, modelConfig, literal, 1, warmup(1), inputs);
                single = r.samplesPerSecond();
                print(out, "1 lit", r, single, peak);
            }
            for (int batch : batchSizes) {
                AttackBenchmark.Result r = AttackBenchmark.measure(target, modelConfig, settings, batch, warmup(batch),
                        inputs);
                if (Double.isNaN(single)) {
                    single = r.samplesPerSecond();
                }
                print(out, Integer.toString(batch), r, single, peak);
            }
        } finally {
            SparkSessions.stopActive();
        }
        return ExitCodes.OK;
    }

    private int warmup(int batch) {
        return warmup == null ? batch : warmup;
    }

    private static void print(PrintWriter out, String batch, AttackBenchmark.Result r, double baseline,
            GemmProbe.Rate peak) {
        out.printf(Locale.ROOT, "%6s %10.2f %11.3f %8.2fx %13.3f %9.1f %6.1f%% %14.2f %11.1f%n", batch, r.seconds(),
                r.samplesPerSecond(), r.samplesPerSecond() / baseline, r.work().executed(), r.gflops(),
                100 * r.gflops() / peak.gflops(), r.work().layered(), r.layeredGflops());
        out.flush();
    }
}
