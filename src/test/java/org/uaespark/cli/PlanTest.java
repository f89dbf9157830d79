package org.uaespark.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.uaespark.pipeline.store.Json;
import org.uaespark.testing.CliRun;
import org.uaespark.testing.RunDirs;
import org.uaespark.testing.TinyDatasets;

/**
 * {@code uae plan} and what is built on it: its tasks run one by one as separate commands make exactly what
 * {@code uae run} makes (a later {@code uae run} keeps every output), the shipped plan is its profile's current one,
 * and the Airflow DAG builds exactly the plan's commands, failing exit codes 2 and 3 without retries.
 */
class PlanTest {
    private static final Path PROJECT = Path.of(System.getProperty("uae.project.dir", "."));
    private static final String[] GRID = {"--set", "retrain.arms=[original, duplicate, rotate-15, rotate-15~mine-tiny]",
            "--set", "retrain.repeats=2", "--set", "attack.limit=40", "--set", "models.dense.latent=8",
            "--set", "models.dense.epochs=1", "--set", "models.dense.batch-size=25"};

    @TempDir
    static Path dir;
    private static Path profile;

    @BeforeAll
    static void profile() {
        profile = TinyDatasets.idxProfile(dir.resolve("src"), dir.resolve("runs"));
        RunDirs.append(profile, RunDirs.TINY_ATTACK_PROFILE);
    }

    private static JsonNode plan(String... args) throws IOException {
        List<String> all = new ArrayList<>(List.of("plan", "--format", "json"));
        all.addAll(Arrays.asList(args));
        CliRun plan = CliRun.of(all.toArray(new String[0]));
        assertEquals(0, plan.code(), plan.toString());
        return Json.mapper().readTree(plan.out());
    }

    private static List<String> strings(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }

    @Test
    void thePlansTasksRunAloneMakeWhatUaeRunKeeps() throws IOException {
        List<String> grid = new ArrayList<>(List.of("--profile", profile.toString()));
        grid.addAll(Arrays.asList(GRID));
        JsonNode plan = plan(grid.toArray(new String[0]));
        assertEquals(List.of("ingest", "train_dense", "attack_dense_rotate-15", "retrain_wave1",
                "attack_dense_rotate-15__mine-tiny", "retrain_wave2", "evaluate", "report"),
                StreamSupport.stream(plan.get("tasks").spliterator(), false).map(t -> t.get("id").asText()).toList());
        assertEquals(grid, strings(plan.get("common")), "every task repeats the plan's options but the run id");
        for (JsonNode task : plan.get("tasks")) {
            List<String> command = new ArrayList<>(strings(task.get("args")));
            command.addAll(strings(plan.get("common")));
            command.addAll(List.of("--run-id", "planned"));
            CliRun ran = CliRun.of(command.toArray(new String[0]));
            assertEquals(0, ran.code(), task.get("id").asText() + ": " + ran);
        }
        List<String> run = new ArrayList<>(List.of("run"));
        run.addAll(grid);
        run.addAll(List.of("--run-id", "planned"));
        CliRun whole = CliRun.of(run.toArray(new String[0]));
        assertEquals(0, whole.code(), whole.toString());
        assertTrue(whole.out().contains("train dense: test MSE") && whole.out().contains("(kept)"), whole.out());
        assertFalse(whole.out().matches("(?s).*retrain: [1-9].*"), "nothing left to train:\n" + whole.out());
        assertEquals(2, whole.out().split("retrain: 0 cell\\(s\\) trained", -1).length - 1, "two waves:\n" + whole.out());
        for (String line : whole.out().split("\n")) {
            assertTrue(!line.startsWith("attack ") && !line.startsWith("train ") && !line.startsWith("ingest")
                    || line.endsWith("(kept)"), "every stage kept what the separate tasks made: " + line);
        }
    }

    @Test
    void aStackedArmWithoutItsBaseArmIsRefusedBeforeAnythingRuns() {
        for (String command : List.of("plan", "run")) {
            CliRun refused = CliRun.of(command, "--profile", profile.toString(), "--run-id", "baseless",
                    "--set", "retrain.arms=[original, fliprot-10~mine-tiny]");
            assertEquals(ExitCodes.USAGE, refused.code(), refused.toString());
            assertTrue(refused.err().contains("arm 'fliprot-10~mine-tiny': its base arm 'fliprot-10' must be in the grid"),
                    refused.err());
        }
        assertFalse(Files.exists(dir.resolve("runs/baseless")), "nothing created");
    }

    @Test
    void theTextPlanQuotesWhatAShellWouldExpand() {
        CliRun text = CliRun.of("plan", "--profile", "decisive-mnist", "--set", "retrain.models=[dense]");
        assertEquals(0, text.code(), text.toString());
        assertTrue(text.out().contains("retrain_wave2") && text.out().contains("uae retrain --arms 'rotate-15~mine-cpu'"
                + " --profile decisive-mnist --set 'retrain.models=[dense]'   (after attack_dense_rotate-15__mine-cpu)"),
                text.out());
    }

    @Test
    void theShippedPlanIsItsProfilesCurrentPlan() throws IOException {
        JsonNode shipped = Json.mapper().readTree(PROJECT.resolve("jobs/schedules/cpu-mnist.plan.json").toFile());
        assertEquals(plan("--profile", "cpu-mnist"), shipped,
                "regenerate it: jobs/uae plan --profile cpu-mnist --format json > jobs/schedules/cpu-mnist.plan.json");
    }

    @Test
    void theAirflowDagBuildsExactlyThePlansCommandsAndDoesNotRetryBadInput() throws Exception {
        JsonNode plan = plan("--profile", "decisive-mnist");
        Path planFile = dir.resolve("decisive.plan.json");
        Files.writeString(planFile, plan.toString());
        ProcessBuilder python = new ProcessBuilder("python3",
                Path.of(PlanTest.class.getResource("/schedules/airflow_stand_in.py").toURI()).toString(),
                PROJECT.resolve("jobs/schedules/uae_airflow_dag.py").toString());
        python.environment().putAll(Map.of("UAE_HOME", PROJECT.toString(), "UAE_PLAN_FILE", planFile.toString()));
        Process process = python.redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(2, TimeUnit.MINUTES));
        assertEquals(0, process.exitValue(), out);
        JsonNode built = Json.mapper().readTree(out);

        assertEquals(plan.get("tasks").size(), built.get("tasks").size());
        for (int i = 0; i < plan.get("tasks").size(); i++) {
            JsonNode task = plan.get("tasks").get(i);
            JsonNode operator = built.get("tasks").get(i);
            assertEquals(task.get("id").asText(), operator.get("id").asText());
            List<String> expected = new ArrayList<>(List.of(PROJECT.resolve("jobs/uae").toString()));
            expected.addAll(strings(task.get("args")));
            expected.addAll(strings(plan.get("common")));
            expected.addAll(List.of("--run-id", "uae-{{ ds_nodash }}", "--set", "lock.wait=12h"));
            assertEquals(expected, strings(operator.get("command")), task.get("id").asText());
            assertEquals(strings(task.get("after")).stream().sorted().toList(), strings(operator.get("upstream")),
                    task.get("id").asText());
            assertEquals("uae_spark", operator.get("pool").asText(), "every stage in the one-slot pool");
            assertEquals("{{ var.value.get('uae_master', '') }}", operator.get("master").asText(),
                    "the master from the Airflow Variable");
        }
        assertEquals(Map.of("0", "ok", "2", "fail", "3", "fail", "4", "retry", "5", "retry"),
                Json.mapper().convertValue(built.get("exits"), Map.class), "2 and 3 fail without retries");
        assertEquals(List.of("driver out", "driver err", "master=yarn"), strings(built.get("logged")),
                "the stage's stdout and stderr in the task log, and the master given in its environment");
        assertTrue(built.at("/dag/max_active_tasks").isMissingNode(), "the pool serialises stages, not the DAG");
        assertEquals(1, built.at("/dag/max_active_runs").asInt());
        assertEquals(2, built.at("/defaultArgs/retries").asInt());
        assertEquals(600.0, built.at("/defaultArgs/retry_delay").asDouble());
        assertEquals(12 * 3600.0, built.at("/defaultArgs/execution_timeout").asDouble());
    }
}
