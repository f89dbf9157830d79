package org.uaespark.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.uaespark.data.CifarReader;
import org.uaespark.experiment.Comparison;
import org.uaespark.pipeline.store.Json;
import org.uaespark.testing.CliRun;
import org.uaespark.testing.JsonSchemaCheck;
import org.uaespark.testing.RunDirs;
import org.uaespark.testing.TinyDatasets;

/**
 * Table 4 end to end on a small generated colour set in CIFAR-10's binary format (two train batch files and a test
 * file): {@code uae run} with SimCLR through ingest, train, the MINE attack on the stem maps, retrain, evaluate (test
 * NT-Xent in fixed blocks, MLlib linear evaluation, PGD) and the report's Table 4 and PGD curve.
 */
class ContrastivePipelineTest {
    @TempDir
    static Path dir;
    private static CliRun run;

    /** Records whose class (0-2) is the dominant channel of a noisy image. */
    private static Path batch(String name, int records, long seed) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        byte[] bytes = new byte[records * CifarReader.RECORD];
        for (int r = 0; r < records; r++) {
            int label = r % 3;
            int base = r * CifarReader.RECORD;
            bytes[base] = (byte) label;
            for (int c = 0; c < 3; c++) {
                for (int p = 0; p < 1024; p++) {
                    int value = (c == label ? 150 : 40) + random.nextInt(80);
                    bytes[base + 1 + c * 1024 + p] = (byte) value;
                }
            }
        }
        return Files.write(dir.resolve(name), bytes);
    }

    @BeforeAll
    static void runTheWholePipeline() throws IOException {
        Path a = batch("data_batch_1.bin", 36, 1);
        Path b = batch("data_batch_2.bin", 36, 2);
        Path test = batch("test_batch.bin", 30, 3);
        Path profile = TinyDatasets.profile(dir.resolve("src"), dir.resolve("runs"), """
                datasets.colour {
                  format = cifar-binary
                  source = "generated colour records"
                  train { features = "%s,%s" }
                  test { features = "%s" }
                  scaling = divide-255
                }
                ingest.dataset = colour
                train.model = simclr
                models.simclr { width = 4, blocks = 1, hidden = 16, latent = 8, epochs = 2, batch-size = 24,
                                warmup-epochs = 1, attack-views = 2, optimizer.learning-rate = 4.0 }
                attack.limit = 12
                retrain {
                  models = [simclr]
                  arms = [original, duplicate, mine-tiny, gaussian-0.01]
                  repeats = 1
                  linear { max-iterations = 20, partitions = 2, pgd { samples = 10, steps = 3, epsilons = [2, 16] } }
                }
                """.formatted(a, b, test));
        RunDirs.append(profile, RunDirs.TINY_ATTACK_PROFILE);
        run = CliRun.of("run", "--profile", profile.toString());
    }

    private static JsonNode metrics() throws IOException {
        return Json.mapper().readTree(dir.resolve("runs/t/evaluation").resolve(EvaluateStage.METRICS).toFile());
    }

    @Test
    void colourImagesGoThroughEveryStageToTable4AndThePgdCurve() throws IOException {
        assertEquals(0, run.code(), run.toString());
        assertTrue(run.out().contains("train simclr: test NT-Xent"), run.out());
        String html = Files.readString(dir.resolve("runs/t/report").resolve(ReportStage.INDEX));
        assertTrue(html.contains("simclr: linear evaluation (Table 4)"), "the Table 4 section");
        assertTrue(html.contains("PGD robustness (appendix B.11)") && html.contains("ε = 16/255"), "the PGD table");
        assertTrue(html.contains("correctly classified under L∞ PGD") || html.contains("Correct counts of the seeded"),
                "the PGD curve");
    }

    @Test
    void metricsCarryLinearEvaluationAndPgdCountsWithinTheirBounds() throws IOException {
        assertEquals(0, run.code(), run.toString());
        JsonNode metrics = metrics();
        JsonNode schema = Json.mapper().readTree(Path.of(System.getProperty("uae.project.dir", "."))
                .resolve("data-schemas/metrics.schema.json").toFile());
        assertEquals(List.of(), JsonSchemaCheck.violations(schema, metrics));
        assertTrue(metrics.get("metric").asText().startsWith("test NT-Xent"), metrics.get("metric").asText());
        for (String arm : List.of("original", "duplicate", "mine-tiny", "gaussian-0.01")) {
            JsonNode linear = metrics.at("/models/simclr/arms/" + arm + "/linear");
            assertEquals(1, linear.at("/accuracy/values").size(), arm);
            if (!arm.equals("original")) {
                assertEquals(Comparison.UNTESTED, linear.at("/accuracyVersus/original/verdict").asText(),
                        arm + ": one repeat each, no test");
            }
            assertEquals(10, linear.get("attacked").asInt(), arm);
            for (JsonNode accuracy : linear.at("/accuracy/values")) {
                assertTrue(accuracy.asDouble() >= 0 && accuracy.asDouble() <= 1, arm + ": " + accuracy);
            }
            assertEquals(2, linear.get("pgd").size());
            for (JsonNode point : linear.get("pgd")) {
                for (JsonNode correct : point.at("/correct/values")) {
                    assertTrue(correct.asDouble() >= 0 && correct.asDouble() <= 10, arm + ": " + point);
                }
            }
            assertTrue(linear.get("paper").isNull(), "no paper number for a generated set");
        }
    }

    @Test
    void theDistributedTestLossIsTheOneMeasuredAtTrainingInTheSameBlocks() throws IOException {
        assertEquals(0, run.code(), run.toString());
        List<String> mismatches = new ArrayList<>();
        for (JsonNode cell : metrics().get("cells")) {
            double scored = cell.get("testMse").asDouble();
            double atTraining = cell.get("testMseAtTraining").asDouble();
            // The same float32 forward passes on the same blocks; only the double sum over blocks is reordered.
            if (Math.abs(scored - atTraining) > 1e-9 * Math.abs(atTraining)) {
                mismatches.add(cell.get("cell").asText() + ": " + scored + " vs " + atTraining);
            }
        }
        assertEquals(List.of(), mismatches);
    }
}
