package org.uaespark.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.uaespark.config.Augmentations;
import org.uaespark.config.ConfigurationException;
import org.uaespark.config.RetrainSettings;
import org.uaespark.experiment.Arm;
import org.uaespark.models.ModelKind;

/**
 * The tasks of a profile's whole pipeline, with their dependencies: ingest; train each model; make each model's
 * augmented tables; retrain the grid (in two waves when stacked arms need tables made against retrained cells);
 * evaluate; report. {@code uae run} executes them in this order in one driver, and {@code uae plan} prints each as
 * the {@code uae} command that runs it alone, so a scheduler (the Airflow DAG) runs exactly the same stages as
 * separate tasks.
 */
final class RunPlan {
    /** The {@code uae attack} flag of each {@code uae.attack} key that describes an arm's table. */
    private static final Map<String, String> ATTACK_FLAGS = Map.of("method", "--method", "profile", "--attack-profile",
            "gaussian.sigma", "--sigma", "geometric.max-degrees", "--max-degrees");

    /** A pipeline stage, named as its {@code uae} command. */
    enum Stage {
        INGEST, TRAIN, ATTACK, RETRAIN, EVALUATE, REPORT;

        /** The command's name. */
        String command() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * One task.
     *
     * @param id    unique in the plan, usable as an Airflow task id (letters, digits, {@code - _ .})
     * @param stage what it runs
     * @param model the model trained or attacked; null for the other stages
     * @param arm   the arm whose table an attack makes; null for the other stages
     * @param arms  the arms a retrain wave trains; null for the whole grid (and for the other stages)
     * @param after ids of the tasks that must have finished first
     */
    record Task(String id, Stage stage, ModelKind model, Arm arm, List<Arm> arms, List<String> after) {
        Task {
            after = List.copyOf(after);
            arms = arms == null ? null : List.copyOf(arms);
        }

        /** The {@code uae} arguments that run the task alone (without the common options: profile, run id, ...). */
        List<String> args() {
            List<String> args = new ArrayList<>(List.of(stage.command()));
            if (model != null) {
                args.addAll(List.of("--model", model.configName()));
            }
            if (arm != null) {
                Augmentations.attackKeys(arm.augmentation().orElseThrow()).forEach((key, value) ->
                        args.addAll(List.of(ATTACK_FLAGS.get(key), value)));
                arm.stackedOn().ifPresent(base -> args.addAll(List.of("--stacked-on", base.name())));
            }
            if (arms != null) {
                args.addAll(List.of("--arms", String.join(",", arms.stream().map(Arm::name).toList())));
            }
            return args;
        }
    }

    private final List<Task> tasks;

    private RunPlan(List<Task> tasks) {
        this.tasks = List.copyOf(tasks);
    }

    /** The tasks, each after the tasks it depends on. */
    List<Task> tasks() {
        return tasks;
    }

    /**
     * The plan of {@code grid}.
     *
     * @throws ConfigurationException when a stacked arm's base arm is not in the grid (its first cell is the model
     *                                the stacked table is made against)
     */
    static RunPlan of(RetrainSettings grid) {
        for (Arm arm : grid.arms()) {
            arm.stackedOn().filter(base -> !grid.armNames().contains(base.name())).ifPresent(base -> {
                throw new ConfigurationException("uae.retrain.arms: arm '" + arm.name() + "': its base arm '"
                        + base.name() + "' must be in the grid too: its first cell is the model the stacked arm's "
                        + "rows are made against");
            });
        }
        List<Task> tasks = new ArrayList<>();
        tasks.add(new Task("ingest", Stage.INGEST, null, null, null, List.of()));
        List<String> madeFromTrainedModels = new ArrayList<>();
        for (ModelKind kind : grid.models()) {
            String train = "train_" + kind.configName();
            tasks.add(new Task(train, Stage.TRAIN, kind, null, null, List.of("ingest")));
            madeFromTrainedModels.add(train);
            for (Arm arm : grid.arms()) {
                if (arm.augmentation().isPresent() && !stacked(arm)) {
                    Task attack = attack(kind, arm, List.of(train));
                    tasks.add(attack);
                    madeFromTrainedModels.add(attack.id());
                }
            }
        }
        List<Arm> stacked = grid.arms().stream().filter(RunPlan::stacked).toList();
        String lastRetrain;
        if (stacked.isEmpty()) {
            lastRetrain = "retrain";
            tasks.add(new Task(lastRetrain, Stage.RETRAIN, null, null, null, madeFromTrainedModels));
        } else {
            tasks.add(new Task("retrain_wave1", Stage.RETRAIN, null, null,
                    grid.arms().stream().filter(arm -> !stacked(arm)).toList(), madeFromTrainedModels));
            List<String> stackedTables = new ArrayList<>();
            for (ModelKind kind : grid.models()) {
                for (Arm arm : stacked) {
                    Task attack = attack(kind, arm, List.of("retrain_wave1"));
                    tasks.add(attack);
                    stackedTables.add(attack.id());
                }
            }
            lastRetrain = "retrain_wave2";
            tasks.add(new Task(lastRetrain, Stage.RETRAIN, null, null, stacked, stackedTables));
        }
        tasks.add(new Task("evaluate", Stage.EVALUATE, null, null, null, List.of(lastRetrain)));
        tasks.add(new Task("report", Stage.REPORT, null, null, null, List.of("evaluate")));
        return new RunPlan(tasks);
    }

    /** Whether {@code arm} has a table made against a retrained cell (a stacked MinMax arm). */
    static boolean stacked(Arm arm) {
        return arm.stackedOn().isPresent() && arm.augmentation().isPresent();
    }

    private static Task attack(ModelKind kind, Arm arm, List<String> after) {
        String id = "attack_" + kind.configName() + "_" + arm.name().replace(Arm.Stacked.SEPARATOR, "__");
        return new Task(id, Stage.ATTACK, kind, arm, null, after);
    }
}
