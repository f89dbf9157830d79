package org.uaespark.cli;

import java.io.PrintWriter;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import org.apache.hadoop.fs.Path;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import org.uaespark.config.AttackStageSettings;
import org.uaespark.config.ConfigLoader;
import org.uaespark.config.ConfigurationException;
import org.uaespark.config.IngestSettings;
import org.uaespark.config.RetrainSettings;
import org.uaespark.config.RunSettings;
import org.uaespark.config.TrainSettings;
import org.uaespark.models.ModelKind;
import org.uaespark.pipeline.AttackStage;
import org.uaespark.pipeline.EvaluateStage;
import org.uaespark.pipeline.Headline;
import org.uaespark.pipeline.IngestStage;
import org.uaespark.pipeline.ReportStage;
import org.uaespark.pipeline.RetrainStage;
import org.uaespark.pipeline.RunContext;
import org.uaespark.pipeline.TrainStage;

/**
 * {@code uae run}: the whole pipeline for a profile. Every stage keeps an output already published from identical
 * inputs, so a re-run (or a retry after a failure) only does what is missing.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        header = "The whole pipeline for a profile, resuming what exists.",
        description = {"Run ingest -> train -> attack -> retrain -> evaluate -> report for the grid of the profile",
                "(uae.retrain.models x uae.retrain.arms): train each model, make every augmented table its arms",
                "need, retrain the grid, score it and write the HTML report. Published outputs made from identical",
                "inputs are kept, so a re-run resumes. With --overwrite every stage replaces its output. A grid with",
                "stacked MinMax arms (rotate-15~mine-cpu) retrains in two waves: every other arm, then the stacked",
                "tables made against their base arms' first cells, then those arms. `uae plan` prints these tasks as",
                "commands, for schedulers."})
final class RunCommand extends StageCommand {
    @Option(names = "--device", paramLabel = "NAME", description = "DJL device of every stage: cpu, gpu, gpu1, ... "
            + "(uae.train.device, uae.attack.device, uae.retrain.device).")
    String device;

    @Override
    String section() {
        return "ingest";
    }

    @Override
    public Integer call() {
        Map<String, String> overrides = overwriting(new HashMap<>());
        for (String section : new String[] {"train", "attack", "retrain"}) {
            CommonOptions.putIfSet(overrides, section + ".device", device);
        }
        ConfigLoader.Loaded config = loadConfig(overrides);
        RunSettings run = RunSettings.from(config.config());
        RetrainSettings grid = RetrainSettings.from(config.config());
        TrainSettings training = TrainSettings.from(config.config());
        AttackStageSettings attacks = AttackStageSettings.from(config.config());
        if (attacks.userModel() != null) {
            throw new ConfigurationException("uae.attack.model-path (" + attacks.userModel().path() + ") is for `uae "
                    + "attack` alone: `uae run` trains, attacks and retrains the run's own models");
        }
        PrintWriter out = out();
        RunPlan plan = RunPlan.of(grid);
        try (RunContext context = openRun(run, "run")) {
            out.println("run " + run.runId() + " in " + run.runsRoot());
            for (RunPlan.Task task : plan.tasks()) {
                switch (task.stage()) {
                    case INGEST -> {
                        IngestStage.Result ingest = new IngestStage(context, IngestSettings.from(config.config()), config)
                                .run();
                        out.println("ingest: " + ingest.table() + (ingest.reused() ? " (kept)" : ""));
                        AttackStage.requireApplicable(context, ingest.table(),
                                grid.arms().stream().flatMap(arm -> arm.augmentation().stream()).toList());
                    }
                    case TRAIN -> {
                        ModelKind kind = task.model();
                        TrainStage.Result train = new TrainStage(context,
                                training.withRecipe(TrainSettings.recipe(config.config(), kind)), config).run();
                        out.printf(Locale.ROOT, "train %s: test %s %.6f%s%n", kind.configName(), kind.lossName(),
                                train.testMse(), train.reused() ? " (kept)" : "");
                    }
                    case ATTACK -> {
                        AttackStage.Result result = new AttackStage(context,
                                attacks.with(task.model().configName(), task.arm()), config).run();
                        out.printf(Locale.ROOT, "attack %s/%s: ASR %s%s%n", task.model().configName(),
                                task.arm().name(), result.metrics().asr(), result.reused() ? " (kept)" : "");
                    }
                    case RETRAIN -> {
                        RetrainSettings wave = task.arms() == null ? grid : grid.withArms(task.arms()::contains);
                        RetrainStage.Result retrain = new RetrainStage(context, wave, config).run();
                        out.println("retrain: " + retrain.trained().size() + " cell(s) trained, "
                                + retrain.kept().size() + " kept");
                    }
                    case EVALUATE -> {
                        EvaluateStage.Result evaluation = new EvaluateStage(context, grid, config).run();
                        out.print(EvaluateStage.table(evaluation.metrics()));
                        out.println("metrics: " + new Path(evaluation.folder(), EvaluateStage.METRICS));
                        Headline.of(evaluation.metrics()).forEach(out::println);
                    }
                    case REPORT -> out.println("report: " + new ReportStage(context, grid, config).run());
                }
            }
        }
        out.flush();
        return ExitCodes.OK;
    }

    /** {@code overrides} plus, with {@code --overwrite}, on-existing = overwrite for every stage. */
    private Map<String, String> overwriting(Map<String, String> overrides) {
        if (overwrite) {
            for (String section : new String[] {"ingest", "train", "attack", "retrain"}) {
                overrides.put(section + ".on-existing", "overwrite");
            }
        }
        return overrides;
    }
}
