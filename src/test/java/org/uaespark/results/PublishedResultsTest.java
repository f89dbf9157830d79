package org.uaespark.results;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.uaespark.data.InputValidationException;
import org.uaespark.experiment.Comparison;
import org.uaespark.pipeline.EvaluationMetrics;
import org.uaespark.pipeline.store.Json;

/**
 * The repository's published results: the README's and the results document's tables are what the committed
 * results files generate (the consistency check of the README's test command), they quote the metrics, and the
 * results folder refuses what it cannot vouch for.
 */
class PublishedResultsTest {
    private static final Path REPO = Path.of("").toAbsolutePath();

    @Test
    void theDocumentsTablesAreWhatTheResultsFilesGenerate() {
        List<Path> stale = new ResultsDocs(REPO).stale();
        assertTrue(stale.isEmpty(), () -> stale + " differ from what results/ generates; run "
                + ResultsDocs.REGENERATE + " (and commit the results files the tables come from)");
    }

    @Test
    void everyPublishedRunNamesTheCommitsThatMadeIt() {
        List<PublishedRun> runs = new ResultsFolder(REPO.resolve(ResultsDocs.RESULTS)).load();
        assertFalse(runs.isEmpty(), "no published runs");
        for (PublishedRun run : runs) {
            assertFalse(run.record().commits().isEmpty(), run.record().name());
            run.record().commits().forEach(c -> assertTrue(c.matches("[0-9a-f]{40}"), run.record().name() + ": " + c));
            assertTrue(run.record().wallSeconds() > 0, run.record().name());
            assertTrue(run.record().command().startsWith("jobs/uae "), run.record().command());
        }
    }

    @Test
    void theDocumentQuotesEveryArmsMeanAndEveryTestedComparison() {
        List<PublishedRun> runs = new ResultsFolder(REPO.resolve(ResultsDocs.RESULTS)).load();
        String document = ResultsMarkdown.document(runs, ResultsDocs.REGENERATE);
        for (PublishedRun run : runs) {
            for (EvaluationMetrics.Model model : run.metrics().models().values()) {
                for (EvaluationMetrics.Arm arm : model.arms().values()) {
                    assertTrue(document.contains(String.format(Locale.ROOT, "%.6f", arm.mean())),
                            run.record().name() + ": " + arm.mean());
                    for (Comparison c : arm.versus().values()) {
                        if (c.pValue() != null) {
                            assertTrue(document.contains("p " + ResultsMarkdown.p(c.pValue()) + " → "
                                    + ResultsMarkdown.p(c.pAdjusted())), run.record().name() + ": " + c);
                        }
                    }
                }
            }
        }
    }

    @Test
    void aChangedNumberMakesBothDocumentsStale(@TempDir Path dir) throws IOException {
        copy(REPO.resolve(ResultsDocs.RESULTS), dir.resolve(ResultsDocs.RESULTS));
        Files.createDirectories(dir.resolve(ResultsDocs.DOCUMENT).getParent());
        Files.copy(REPO.resolve(ResultsDocs.DOCUMENT), dir.resolve(ResultsDocs.DOCUMENT));
        Files.copy(REPO.resolve(ResultsDocs.README), dir.resolve(ResultsDocs.README));
        ResultsDocs docs = new ResultsDocs(dir);
        assertEquals(List.of(), docs.stale());

        Path metrics = dir.resolve(ResultsDocs.RESULTS).resolve("quickstart").resolve("metrics.json");
        ObjectNode tree = (ObjectNode) Json.mapper().readTree(metrics.toFile());
        ObjectNode primary = (ObjectNode) tree.path("models").path("dense").path("primary").path("comparison");
        primary.put("pValue", 0.5);
        primary.put("pAdjusted", 0.5);
        Json.mapper().writeValue(metrics.toFile(), tree);
        assertEquals(List.of(dir.resolve(ResultsDocs.DOCUMENT), dir.resolve(ResultsDocs.README)), docs.stale());
        assertEquals(2, docs.write().size());
        assertEquals(List.of(), docs.stale());
        assertTrue(Files.readString(dir.resolve(ResultsDocs.README)).contains("p 0.5 |"));
    }

    @Test
    void aReadmeWithoutTheGeneratedBlockIsRefusedNamingIt(@TempDir Path dir) throws IOException {
        copy(REPO.resolve(ResultsDocs.RESULTS), dir.resolve(ResultsDocs.RESULTS));
        Files.writeString(dir.resolve(ResultsDocs.README), "# a readme\n");
        InputValidationException e = assertThrows(InputValidationException.class, () -> new ResultsDocs(dir).stale());
        assertTrue(e.getMessage().contains(dir.resolve(ResultsDocs.README).toString()), e.getMessage());
    }

    @Test
    void aRunWithoutItsReadingIsRefusedNamingTheFile(@TempDir Path dir) throws IOException {
        copy(REPO.resolve(ResultsDocs.RESULTS).resolve("quickstart"), dir.resolve("quickstart"));
        Files.delete(dir.resolve("quickstart").resolve(PublishedRun.READING));
        InputValidationException e = assertThrows(InputValidationException.class, () -> new ResultsFolder(dir).load());
        assertTrue(e.getMessage().contains(PublishedRun.READING), e.getMessage());
    }

    @Test
    void recordCopiesTheMetricsByteForByteAndCollectsEveryCommit(@TempDir Path dir) throws IOException {
        Path run = finishedRun(dir.resolve("run"), "false");
        Files.createDirectories(run.resolve("models/dense"));
        Files.writeString(run.resolve("models/dense/_provenance.json"), provenance("b".repeat(40), "false"));
        Files.createDirectories(run.resolve("_staging/x"));
        Files.writeString(run.resolve("_staging/x/_provenance.json"), provenance("c".repeat(40), "true"));

        RunRecord record = new ResultsFolder(dir.resolve("results")).record(run, "r", "jobs/uae run", 12);
        assertEquals(List.of("a".repeat(40), "b".repeat(40)), record.commits());
        assertEquals("run-x", record.runId());
        assertEquals(Map.of("cpu", "test cpu"), record.environment());
        assertArrayEquals(Files.readAllBytes(run.resolve("evaluation/metrics.json")),
                Files.readAllBytes(dir.resolve("results/r/metrics.json")));
        Files.writeString(dir.resolve("results/r/reading.md"), "a reading");
        assertEquals(record, new ResultsFolder(dir.resolve("results")).load().get(0).record());
    }

    @Test
    void aRunWrittenByUncommittedCodeIsRefusedAndNothingIsWritten(@TempDir Path dir) throws IOException {
        Path run = finishedRun(dir.resolve("run"), "true");
        InputValidationException e = assertThrows(InputValidationException.class,
                () -> new ResultsFolder(dir.resolve("results")).record(run, "r", "jobs/uae run", 12));
        assertTrue(e.getMessage().contains(run.resolve("evaluation/_provenance.json").toString()), e.getMessage());
        assertTrue(e.getMessage().contains("uncommitted"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("results/r")));
    }

    @Test
    void pValuesKeepTwoSignificantDigits() {
        assertEquals("0.012", ResultsMarkdown.p(0.012345));
        assertEquals("0.5", ResultsMarkdown.p(0.5));
        assertEquals("1", ResultsMarkdown.p(1.0));
        assertEquals("0.00011", ResultsMarkdown.p(0.000114));
        assertEquals("< 0.0001", ResultsMarkdown.p(0.00009));
    }

    private static Path finishedRun(Path run, String dirty) throws IOException {
        Files.createDirectories(run.resolve("evaluation"));
        Files.copy(REPO.resolve(ResultsDocs.RESULTS).resolve("quickstart/metrics.json"),
                run.resolve("evaluation/metrics.json"));
        Files.writeString(run.resolve("evaluation/_provenance.json"), provenance("a".repeat(40), dirty));
        return run;
    }

    private static String provenance(String commit, String dirty) {
        return "{\"code\":{\"gitCommit\":\"" + commit + "\",\"gitDirty\":\"" + dirty + "\"},\"runId\":\"run-x\","
                + "\"createdAt\":\"2026-12-07T16:03:49.798Z\",\"environment\":{\"cpu\":\"test cpu\"}}";
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target);
                }
            }
        }
    }
}
