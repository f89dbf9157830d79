package org.uaespark.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.uaespark.testing.RunDirs;
import org.uaespark.testing.TinyDatasets;

/**
 * The shipped notebook executed headless as a person would run it ({@code jupyter nbconvert --execute}) on a small
 * profile: it runs the pipeline through {@code jobs/uae}, prints progress, shows the plan, the run's status, the
 * results table, charts drawn from the run's metrics ({@code uae export metrics}) and the UAEs next to their
 * originals ({@code uae export uaes}), and links the report. Jupyter comes from Debian ({@code jobs/fetch-data
 * notebook}); without it the test is skipped, unless {@code UAE_REQUIRE_DATA=true} (CI), where that is a failure.
 */
class NotebookIT {
    private static final Path PROJECT = Path.of(System.getProperty("uae.project.dir", "."));

    @TempDir
    Path dir;

    private static boolean jupyterPresent() {
        try {
            Process p = new ProcessBuilder("jupyter", "nbconvert", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(1, TimeUnit.MINUTES) && p.exitValue() == 0;
        } catch (Exception e) {
            return false;
        }
    }

    @Test
    void theNotebookRunsAPipelineAndShowsItsResults() throws Exception {
        boolean present = jupyterPresent();
        if (!present && "true".equals(System.getenv("UAE_REQUIRE_DATA"))) {
            throw new AssertionError("jupyter nbconvert is missing; jobs/fetch-data notebook installs it");
        }
        Assumptions.assumeTrue(present, "jupyter nbconvert is missing (jobs/fetch-data notebook installs it)");
        Path profile = TinyDatasets.idxProfile(dir.resolve("src"), dir.resolve("runs"));
        RunDirs.append(profile, RunDirs.SMALL_GRID);
        List<String> command = new ArrayList<>(List.of("jupyter", "nbconvert", "--to", "notebook", "--execute",
                "--ExecutePreprocessor.timeout=900", "--output-dir", dir.toString(), "--output", "executed",
                PROJECT.resolve("jobs/notebooks/uae-spark.ipynb").toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("UAE_PROFILE", profile.toString());
        builder.environment().put("UAE_RUN_ID", "from-notebook");
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(20, TimeUnit.MINUTES), "nbconvert ended");
        assertEquals(0, process.exitValue(), out);

        JsonNode executed = new ObjectMapper().readTree(dir.resolve("executed.ipynb").toFile());
        StringBuilder text = new StringBuilder();
        int images = 0;
        for (JsonNode cell : executed.get("cells")) {
            for (JsonNode output : cell.path("outputs")) {
                assertTrue(!"error".equals(output.path("output_type").asText()), output.toString());
                output.path("text").forEach(line -> text.append(line.asText()));
                output.path("data").path("text/html").forEach(line -> text.append(line.asText()));
                output.path("data").path("text/plain").forEach(line -> text.append(line.asText()));
                images += output.path("data").has("image/png") ? 1 : 0;
            }
        }
        String shown = text.toString();
        assertTrue(shown.contains("attack_dense_mine-tiny"), "the plan's tasks");
        assertTrue(shown.contains("INFO  TrainProgress: dense epoch 1/1"), "training progress");
        assertTrue(shown.contains("run from-notebook: complete"), "the run's status");
        assertTrue(shown.contains("vs duplicate %") && shown.contains("mine-tiny"), "the results table");
        assertTrue(images >= 3, "charts from the metrics and the UAEs inline: " + images);
        assertTrue(shown.contains("originSampleId") && shown.contains("criterionMet"), "the UAEs with their originals");
        Path report = dir.resolve("runs/from-notebook/report/index.html");
        assertTrue(Files.exists(report) && shown.contains(report.toUri().toString()), "the report, linked");
    }
}
