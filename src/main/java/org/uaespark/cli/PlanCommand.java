package org.uaespark.cli;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.core.JsonProcessingException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import org.uaespark.config.ConfigLoader;
import org.uaespark.config.RetrainSettings;
import org.uaespark.config.RunSettings;
import org.uaespark.models.ModelKind;
import org.uaespark.pipeline.store.Json;

/**
 * {@code uae plan}: the tasks {@code uae run} would execute for a profile, each as the {@code uae} command that runs
 * it alone, with its dependencies; as text for a person or as JSON for a scheduler (the Airflow DAG builds its tasks
 * from it). Needs no Spark and touches no run.
 */
@Command(name = "plan", mixinStandardHelpOptions = true,
        header = "Print the tasks of the whole pipeline as commands, for schedulers.",
        description = {"Print what `uae run` executes for the profile (ingest, train per model, attack per model and",
                "arm, retrain, evaluate, report), each task as the uae command that runs it alone and the tasks it",
                "waits for. Every command takes the common options printed with it plus a --run-id."})
final class PlanCommand implements Callable<Integer> {
    /** Output formats. */
    enum Format { TEXT, JSON }

    @Mixin
    CommonOptions common;

    @Mixin
    ComputeOptions compute;

    @Spec
    CommandSpec spec;

    @Option(names = "--format", paramLabel = "text|json", description = "Output format (default: ${DEFAULT-VALUE}).",
            defaultValue = "text")
    Format format;

    /**
     * The plan as printed in JSON.
     *
     * @param profile the run profile, or null for the shipped defaults
     * @param runId   the run id the configuration resolves to (a scheduler passes its own with --run-id)
     * @param common  the options every task's command takes (the plan's own options but --run-id)
     * @param models  the grid's models
     * @param arms    the grid's arms
     * @param repeats seeded cells per arm
     * @param tasks   the tasks, each after those it waits for
     */
    record Printed(String profile, String runId, List<String> common, List<String> models, List<String> arms,
            int repeats, List<PrintedTask> tasks) {
    }

    /**
     * One task as printed.
     *
     * @param id    task id (letters, digits, - _ .)
     * @param stage the stage's command
     * @param model the model, for train and attack
     * @param arm   the arm whose table an attack makes
     * @param args  the uae arguments that run it, before the common options
     * @param after ids of the tasks it waits for
     */
    record PrintedTask(String id, String stage, String model, String arm, List<String> args, List<String> after) {
    }

    @Override
    public Integer call() {
        ConfigLoader.Loaded config = ConfigLoader.load(common.profile, System.getProperties(), compute.addTo(common.overrides()));
        RetrainSettings grid = RetrainSettings.from(config.config());
        RunPlan plan = RunPlan.of(grid);
        Printed printed = new Printed(common.profile, RunSettings.from(config.config()).runId(), compute.addTo(common.taskArguments()),
                grid.models().stream().map(ModelKind::configName).toList(), grid.armNames(), grid.repeats(),
                plan.tasks().stream().map(t -> new PrintedTask(t.id(), t.stage().command(),
                        t.model() == null ? null : t.model().configName(), t.arm() == null ? null : t.arm().name(),
                        t.args(), t.after())).toList());
        PrintWriter out = spec.commandLine().getOut();
        if (format == Format.JSON) {
            printJson(out, printed);
        } else {
            for (PrintedTask task : printed.tasks()) {
                out.printf(Locale.ROOT, "%-36s uae %s%s%s%n", task.id(), shellWords(task.args()),
                        printed.common().isEmpty() ? "" : " " + shellWords(printed.common()),
                        task.after().isEmpty() ? "" : "   (after " + String.join(", ", task.after()) + ")");
            }
        }
        out.flush();
        return ExitCodes.OK;
    }

    /** Prints {@code value} as indented JSON: what the read-only commands print with {@code --format json}. */
    static void printJson(PrintWriter out, Object value) {
        try {
            out.println(Json.mapper().writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code words} as a shell would need them typed: words with characters the shell interprets single-quoted. */
    static String shellWords(List<String> words) {
        return String.join(" ", words.stream().map(w -> w.matches("[A-Za-z0-9_./=,:%+@-]+") ? w
                : "'" + w.replace("'", "'\\''") + "'").toList());
    }
}
