package org.uaespark.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.uaespark.data.InputValidationException;
import org.uaespark.experiment.Comparison;
import org.uaespark.pipeline.store.Json;
import org.uaespark.pipeline.store.Provenance;
import org.uaespark.pipeline.store.TablePublisher;
import org.uaespark.pipeline.store.UnitManifest;

/**
 * The typed sidecars: written byte for byte as the maps they replace were, and validated when read back, with
 * errors that name the file and the field.
 */
class SidecarsTest {
    @TempDir
    Path dir;

    private final TablePublisher publisher = new TablePublisher(new Configuration());

    @Test
    void evaluationMetricsAreWrittenAsTheMapsWere() throws Exception {
        EvaluationMetrics.Arm original = new EvaluationMetrics.Arm(null, 3, 0.0, 0.0125, 0.00258, 0.0, 0.0004, 600,
                List.of(0.0121, 0.0129), null, Map.of(), null, null);
        Comparison versusOriginal = new Comparison(-0.0006, 0.0125, -4.8, -0.0021, 0.0009, 0.31, 0.62,
                Comparison.PAIRED, 2, false, true, Comparison.NOT_SIGNIFICANT, 2, 2);
        EvaluationMetrics.Arm mine = new EvaluationMetrics.Arm(0.9299, 3, 4.5, 0.0119, 0.00228, 11.627906976744185,
                null, 700, List.of(0.0119), -1.25, Map.of("original", versusOriginal), null, null);
        Map<String, EvaluationMetrics.Arm> arms = new LinkedHashMap<>();
        arms.put("original", original);
        arms.put("mine-paper", mine);
        EvaluationMetrics metrics = new EvaluationMetrics(
                List.of(new EvaluationMetrics.Cell("original", "original-r0", "dense", 0, 0.0121, null),
                        new EvaluationMetrics.Cell("mine-paper", "mine-paper", "dense", 0, 0.0119, 0.0118)),
                "mnist", "how", "mse", Map.of("dense", new EvaluationMetrics.Model(arms, null)), "r1", 100, "vs");

        Map<String, Object> legacyArms = new LinkedHashMap<>();
        legacyArms.put("original", legacyArm(original));
        legacyArms.put("mine-paper", legacyArm(mine));
        List<Map<String, Object>> legacyCells = new ArrayList<>();
        for (EvaluationMetrics.Cell c : metrics.cells()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("model", c.model());
            m.put("cell", c.cell());
            m.put("arm", c.arm());
            m.put("repeat", c.repeat());
            m.put("testMse", c.testMse());
            m.put("testMseAtTraining", c.testMseAtTraining());
            legacyCells.add(m);
        }
        Map<String, Object> legacy = new LinkedHashMap<>();
        legacy.put("run", "r1");
        legacy.put("dataset", "mnist");
        legacy.put("metric", "mse");
        legacy.put("testRows", 100L);
        legacy.put("improvement", "how");
        legacy.put("vsDuplicate", "vs");
        Map<String, Object> legacyModel = new LinkedHashMap<>();
        legacyModel.put("arms", legacyArms);
        legacyModel.put("primary", null);
        legacy.put("models", Map.of("dense", legacyModel));
        legacy.put("cells", legacyCells);
        assertEquals(json(legacy), json(metrics));
    }

    @Test
    void attackMetricsAreWrittenAsTheMapsWere() throws Exception {
        Map<String, Double> quantiles = new LinkedHashMap<>();
        for (double q : new double[] {0.0, 0.1, 0.25, 0.5, 0.75, 0.9, 1.0}) {
            quantiles.put(String.valueOf(q), q / 3);
        }
        Map<String, Long> byIteration = new TreeMap<>((a, b) -> Integer.compare(Integer.parseInt(a), Integer.parseInt(b)));
        byIteration.put("2", 5L);
        byIteration.put("10", 7L);
        AttackMetrics.Distribution full = new AttackMetrics.Distribution(12, 0.5, quantiles, 0.25);
        AttackMetrics.Distribution empty = new AttackMetrics.Distribution(0, null, null, null);
        AttackMetrics metrics = new AttackMetrics(0.75, full, full,
                Map.of("1@host", new AttackMetrics.Executor(12, 6.0, 2.0, 3)), empty,
                new AttackMetrics.Histogram(byIteration, 0), null, 0.125, full, 12, 9L, 12, 4.5, 0.5, 1, 2.75);

        Map<String, Object> legacyFull = new LinkedHashMap<>();
        legacyFull.put("count", 12L);
        legacyFull.put("mean", 0.5);
        legacyFull.put("std", 0.25);
        legacyFull.put("quantiles", quantiles);
        Map<String, Object> legacyHistogram = new LinkedHashMap<>();
        legacyHistogram.put("byIteration", byIteration);
        legacyHistogram.put("never", 0L);
        Map<String, Object> legacy = new LinkedHashMap<>();
        legacy.put("rows", 12L);
        legacy.put("rowsMeetingCriterion", 9L);
        legacy.put("samples", 12L);
        legacy.put("asr", 0.75);
        legacy.put("successRate", 0.5);
        legacy.put("meanLossBefore", 0.125);
        legacy.put("meanLossAfter", null);
        legacy.put("mi", legacyFull);
        legacy.put("deltaL2", legacyFull);
        legacy.put("deltaLinf", legacyFull);
        legacy.put("finalC", Map.of("count", 0L));
        legacy.put("iterationsToSuccess", legacyHistogram);
        legacy.put("executors", Map.of("1@host", Map.of("units", 3L, "samples", 12L, "seconds", 2.0,
                "samplesPerSecond", 6.0)));
        legacy.put("wallSeconds", 2.75);
        legacy.put("samplesPerSecond", 4.5);
        legacy.put("unitsResumed", 1);
        assertEquals(json(legacy), json(metrics));
        assertTrue(json(metrics).indexOf("\"2\"") < json(metrics).indexOf("\"10\""), "iterations in numeric order");
    }

    @Test
    void unitManifestsAreWrittenAsTheMapsWere() throws Exception {
        Map<String, Object> legacy = new LinkedHashMap<>();
        legacy.put("unit", 4);
        legacy.put("samples", 3);
        legacy.put("rows", 3);
        legacy.put("firstSampleId", "s4");
        legacy.put("seconds", 0.5);
        legacy.put("executor", "driver");
        legacy.put("host", "localhost");
        legacy.put("partition", -1);
        legacy.put("attempt", 0);
        legacy.put("device", "cpu()");
        legacy.put("batchSize", 3);
        UnitManifest manifest = TestManifests.of(4, 3);
        assertEquals(json(legacy), json(manifest));
        Path file = write("unit.json", json(manifest));
        assertEquals(manifest, publisher.readJson(hadoop(file), UnitManifest.class));
    }

    @Test
    void aMissingFieldIsNamedWithItsFile() throws Exception {
        Path file = edited("_metrics.json", attackMetrics(), node -> node.remove("rows"));
        assertEquals(file + ": field 'rows' is missing", readError(file, AttackMetrics.class));

        Path nested = edited("_metrics.json", attackMetrics(),
                node -> ((ObjectNode) node.get("iterationsToSuccess")).remove("never"));
        assertEquals(nested + ": field 'iterationsToSuccess.never' is missing", readError(nested, AttackMetrics.class));
    }

    @Test
    void aNullRequiredFieldIsNamedWithItsFile() throws Exception {
        Path file = write("_provenance.json", "{\"fingerprint\": null}");
        assertEquals(file + ": field 'fingerprint' is null", readError(file, Provenance.Read.class));
    }

    @Test
    void nullableFieldsMayBeNullOrAbsent() throws Exception {
        Path file = edited("_metrics.json", attackMetrics(), node -> node.putNull("asr").remove("successRate"));
        AttackMetrics read = publisher.readJson(hadoop(file), AttackMetrics.class);
        assertEquals(null, read.asr());
        assertEquals(null, read.successRate());
        assertEquals(0, read.finalC().count());
        assertEquals(null, read.finalC().mean(), "an empty distribution has only its count");
    }

    @Test
    void aWronglyTypedFieldIsNamedWithItsFile() throws Exception {
        Path samples = write("_provenance.json", "{\"fingerprint\": \"f\", \"config\": {\"samples\": \"many\"}}");
        assertEquals(samples + ": field 'config.samples' has the wrong type: a string where an integer is expected",
                readError(samples, Provenance.OfAttack.class));

        Path fingerprint = write("_provenance.json", "{\"fingerprint\": 42}");
        assertEquals(fingerprint + ": field 'fingerprint' has the wrong type: an integer where a string is expected",
                readError(fingerprint, Provenance.Read.class));

        Path loss = write("_provenance.json", "{\"fingerprint\": \"f\", \"training\": {\"trainRows\": 10, "
                + "\"epochs\": 2, \"epochLoss\": [0.5, \"low\"]}, \"evaluation\": {\"trainMse\": 0.1, \"testMse\": null}}");
        assertEquals(loss + ": field 'training.epochLoss[1]' has the wrong type: a string where a number is expected",
                readError(loss, Provenance.OfModel.class));

        Path rows = write("_metrics.json", json(evaluationMetrics()).replace("\"testRows\" : 100", "\"testRows\" : 1.5"));
        assertEquals(rows + ": field 'testRows' has the wrong type: a decimal number where an integer is expected",
                readError(rows, EvaluationMetrics.class));
    }

    @Test
    void aFileThatIsNotJsonIsInvalidInput() throws Exception {
        Path file = write("metrics.json", "{\"run\": ");
        assertTrue(readError(file, EvaluationMetrics.class).startsWith(file + ": not valid JSON"));
    }

    private static Map<String, Object> legacyArm(EvaluationMetrics.Arm a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("values", a.values());
        m.put("mean", a.mean());
        m.put("std", a.std());
        m.put("trainRows", a.trainRows());
        m.put("epochs", a.epochs());
        m.put("improvementPercent", a.improvementPercent());
        m.put("vsDuplicatePercent", a.vsDuplicatePercent());
        m.put("asr", a.asr());
        m.put("paper", a.paper());
        m.put("paperImprovementPercent", a.paperImprovementPercent());
        Map<String, Object> versus = new LinkedHashMap<>();
        a.versus().forEach((control, c) -> {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("armRepeats", c.armRepeats());
            v.put("controlMean", c.controlMean());
            v.put("controlRepeats", c.controlRepeats());
            v.put("difference", c.difference());
            v.put("high", c.high());
            v.put("low", c.low());
            v.put("pValue", c.pValue());
            v.put("pAdjusted", c.pAdjusted());
            v.put("test", c.test());
            v.put("familySize", c.familySize());
            v.put("primary", c.primary());
            v.put("lowerIsBetter", c.lowerIsBetter());
            v.put("percent", c.percent());
            v.put("verdict", c.verdict());
            versus.put(control, v);
        });
        m.put("versus", versus);
        return m;
    }

    private static AttackMetrics attackMetrics() {
        AttackMetrics.Distribution d = new AttackMetrics.Distribution(2, 0.5, Map.of("0.5", 0.5), 0.1);
        return new AttackMetrics(1.0, d, d, Map.of(), new AttackMetrics.Distribution(0, null, null, null),
                new AttackMetrics.Histogram(Map.of("1", 2L), 0), 0.1, 0.2, d, 2, 2L, 2, 1.0, 1.0, 0, 2.0);
    }

    private static EvaluationMetrics evaluationMetrics() {
        return new EvaluationMetrics(List.of(), "mnist", "how", "mse", Map.of(), "r1", 100, "vs");
    }

    private String readError(Path file, Class<?> type) {
        return assertThrows(InputValidationException.class, () -> publisher.readJson(hadoop(file), type)).getMessage();
    }

    private Path edited(String name, Object value, Consumer<ObjectNode> edit) throws Exception {
        ObjectNode node = Json.mapper().valueToTree(value);
        edit.accept(node);
        return write(name, json(node));
    }

    private Path write(String name, String content) throws Exception {
        Path folder = Files.createTempDirectory(dir, "sidecar");
        return Files.writeString(folder.resolve(name), content);
    }

    private static org.apache.hadoop.fs.Path hadoop(Path file) {
        return new org.apache.hadoop.fs.Path(file.toString());
    }

    private static String json(Object value) throws Exception {
        return Json.mapper().writeValueAsString(value);
    }
}
