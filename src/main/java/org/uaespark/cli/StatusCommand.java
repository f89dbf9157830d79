package org.uaespark.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import org.uaespark.config.AttackStageSettings;
import org.uaespark.config.ConfigLoader;
import org.uaespark.config.RetrainSettings;
import org.uaespark.config.RunSettings;
import org.uaespark.experiment.Arm;
import org.uaespark.models.ModelKind;
import org.uaespark.pipeline.RunInspection;
import org.uaespark.pipeline.store.RunLayout;
import org.uaespark.pipeline.store.RunLock;

/**
 * {@code uae status}: what a run has published, what is in flight (an attack's committed units, a grid's published
 * cells) and what is missing, task by task as {@code uae plan} lists them, and who holds the run. Reads only: takes
 * no lock and starts no Spark, so it answers while a job writes the run.
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        header = "Show what a run has published, what is in flight and what is missing.",
        description = {"For each task of the run's plan (uae plan): published, in flight (an attack's committed",
                "units, a retrain's published cells) or missing; and whether a job holds the run now. The plan",
                "comes from the run's profile and the options given, so pass the --set options the run was made",
                "with (a grid changed on the command line). Reads only."})
final class StatusCommand extends RunCommandBase {
    /** A task's state. */
    static final String PUBLISHED = "published";
    static final String IN_FLIGHT = "in flight";
    static final String MISSING = "missing";
    /** The run's state before its directory exists. */
    static final String NOT_STARTED = "not started";

    @Option(names = "--format", paramLabel = "text|json", description = "Output format (default: ${DEFAULT-VALUE}).",
            defaultValue = "text")
    PlanCommand.Format format;

    /**
     * The status as printed in JSON.
     *
     * @param runId  the run
     * @param runDir its directory
     * @param state  complete, running, stopped, or not started (no run directory; exit {@link ExitCodes#NOT_STARTED})
     * @param detail the state in a sentence: who holds the run, or how to resume it
     * @param tasks  every task of the plan
     */
    record Printed(String runId, String runDir, String state, String detail, List<TaskStatus> tasks) {
    }

    /**
     * One task's state.
     *
     * @param id     the plan's task id
     * @param state  {@value #PUBLISHED}, {@value #IN_FLIGHT} or {@value #MISSING}
     * @param done   units or cells done (attacks and retrain waves), else 0 or 1
     * @param total  units' samples or cells expected, else 1
     * @param detail what is done of it, in words
     */
    record TaskStatus(String id, String state, long done, long total, String detail) {
    }

    @Override
    public Integer call() {
        ConfigLoader.Loaded config = loadConfig(new HashMap<>());
        RunSettings run = RunSettings.from(config.config());
        RetrainSettings grid = RetrainSettings.from(config.config());
        AttackStageSettings attacks = AttackStageSettings.from(config.config());
        RunLayout layout = RunLayout.of(run);
        RunInspection inspection = new RunInspection(new Configuration(), layout);
        if (!inspection.exists()) {
            List<TaskStatus> missing = RunPlan.of(grid).tasks().stream()
                    .map(task -> new TaskStatus(task.id(), MISSING, 0, 0, "not started")).toList();
            print(new Printed(run.runId(), layout.runDir().toString(), NOT_STARTED, "there is no run " + run.runId()
                    + " under " + run.runsRoot() + " yet; `uae run --run-id " + run.runId() + "` starts it", missing));
            return ExitCodes.NOT_STARTED;
        }
        Optional<Long> trainSamples = inspection.trainSamples(grid.dataset());
        List<TaskStatus> tasks = new ArrayList<>();
        for (RunPlan.Task task : RunPlan.of(grid).tasks()) {
            tasks.add(switch (task.stage()) {
                case INGEST -> single(task, inspection, layout.dataset(grid.dataset()));
                case TRAIN -> single(task, inspection, layout.model(task.model().configName()));
                case ATTACK -> attack(task, inspection, layout, trainSamples.map(n -> attacks.limit() > 0
                        ? Math.min(n, attacks.limit()) : n));
                case RETRAIN -> retrain(task, inspection, layout, grid);
                case EVALUATE -> single(task, inspection, layout.evaluation());
                case REPORT -> single(task, inspection, layout.report());
            });
        }
        Printed printed = state(run, layout, inspection.lock(), tasks);
        print(printed);
        return ExitCodes.OK;
    }

    private static TaskStatus single(RunPlan.Task task, RunInspection inspection, Path output) {
        boolean published = inspection.published(output);
        return new TaskStatus(task.id(), published ? PUBLISHED : MISSING, published ? 1 : 0, 1, output.toString());
    }

    private static TaskStatus attack(RunPlan.Task task, RunInspection inspection, RunLayout layout,
            Optional<Long> samples) {
        String model = task.model().configName();
        Path table = layout.augmented(model, task.arm().name());
        long total = samples.orElse(0L);
        if (inspection.published(table)) {
            return new TaskStatus(task.id(), PUBLISHED, total, total, table.toString());
        }
        return inspection.committed(model, task.arm().name())
                .map(c -> new TaskStatus(task.id(), IN_FLIGHT, c.samples(), total, String.format(Locale.ROOT,
                        "%d units committed: %,d of %s samples", c.units(), c.samples(),
                        samples.map(n -> String.format(Locale.ROOT, "%,d", n)).orElse("?"))))
                .orElseGet(() -> new TaskStatus(task.id(), MISSING, 0, total, table.toString()));
    }

    private static TaskStatus retrain(RunPlan.Task task, RunInspection inspection, RunLayout layout,
            RetrainSettings grid) {
        List<Arm> arms = task.arms() == null ? grid.arms() : task.arms();
        long total = 0;
        long done = 0;
        for (ModelKind kind : grid.models()) {
            for (Arm arm : arms) {
                for (int r = 0; r < arm.repeats(); r++) {
                    total++;
                    done += inspection.published(layout.retrained(kind.configName(), arm.cellName(r))) ? 1 : 0;
                }
            }
        }
        String state = done == total ? PUBLISHED : done == 0 ? MISSING : IN_FLIGHT;
        return new TaskStatus(task.id(), state, done, total, done + " of " + total + " cells published");
    }

    /** The run's state from its tasks and its lock. */
    private static Printed state(RunSettings run, RunLayout layout, Optional<RunLock.Seen> lock, List<TaskStatus> tasks) {
        boolean complete = tasks.stream().allMatch(t -> t.state().equals(PUBLISHED));
        String resume = "`uae run --run-id " + run.runId() + "` resumes it";
        String state;
        String detail;
        if (lock.isPresent() && !lock.get().abandoned(run.lockStaleAfter())) {
            state = "running";
            detail = "held by " + lock.get().describe() + ", heartbeat " + age(lock.get().heartbeatAge()) + " ago";
        } else if (complete) {
            state = "complete";
            detail = "every task's output is published";
        } else if (lock.isPresent()) {
            state = "stopped";
            detail = "its last job died holding it (or its heartbeat is older than uae.lock.stale-after): "
                    + lock.get().describe() + "; the next command takes the run over and " + resume;
        } else {
            state = "stopped";
            detail = "no job holds it and outputs are missing (failed or interrupted); " + resume;
        }
        return new Printed(run.runId(), layout.runDir().toString(), state, detail, tasks);
    }

    private static String age(Duration age) {
        return age.toMinutes() >= 2 ? age.toMinutes() + " min" : age.toSeconds() + " s";
    }

    private void print(Printed printed) {
        PrintWriter out = out();
        if (format == PlanCommand.Format.JSON) {
            PlanCommand.printJson(out, printed);
        } else {
            out.printf(Locale.ROOT, "run %s (%s): %s: %s%n", printed.runId(), printed.runDir(), printed.state(),
                    printed.detail());
            for (TaskStatus task : printed.tasks()) {
                out.printf(Locale.ROOT, "  %-36s %-10s %s%n", task.id(), task.state(), task.detail());
            }
        }
        out.flush();
    }
}
