package org.uaespark.results;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;

import org.uaespark.data.InputValidationException;
import org.uaespark.pipeline.EvaluateStage;
import org.uaespark.pipeline.EvaluationMetrics;
import org.uaespark.pipeline.store.Json;
import org.uaespark.pipeline.store.Provenance;
import org.uaespark.pipeline.store.RunLayout;

/**
 * The {@code results/} folder: one folder per published run holding its {@code metrics.json}, {@code result.json}
 * ({@link RunRecord}) and {@code reading.md}. {@link #record} copies a finished run in; {@link #load} reads the
 * folder back, strictly. Local paths only: results are committed with the code.
 */
public final class ResultsFolder {
    private final Path dir;

    /** The results folder at {@code dir}. */
    public ResultsFolder(Path dir) {
        this.dir = dir;
    }

    /** Every published run, in folder-name order; a folder missing one of its three files fails, naming it. */
    public List<PublishedRun> load() {
        if (!Files.isDirectory(dir)) {
            throw new InputValidationException(dir + ": no results folder");
        }
        List<PublishedRun> runs = new ArrayList<>();
        try (Stream<Path> folders = Files.list(dir)) {
            for (Path folder : folders.filter(Files::isDirectory).sorted().toList()) {
                RunRecord record = read(folder.resolve(RunRecord.FILE), RunRecord.class);
                if (!record.name().equals(folder.getFileName().toString())) {
                    throw InputValidationException.inFile(folder.resolve(RunRecord.FILE), "field 'name' is '"
                            + record.name() + "', not its folder's name '" + folder.getFileName() + "'");
                }
                EvaluationMetrics metrics = read(folder.resolve(EvaluateStage.METRICS), EvaluationMetrics.class);
                Path reading = folder.resolve(PublishedRun.READING);
                if (!Files.isRegularFile(reading) || Files.readString(reading).isBlank()) {
                    throw new InputValidationException(reading + ": missing or empty; every published run needs its "
                            + "reading");
                }
                runs.add(new PublishedRun(record, metrics, Files.readString(reading)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dir, e);
        }
        return runs;
    }

    /**
     * Publishes the finished run at {@code runDir} as {@code name}: its {@code metrics.json} byte for byte and a
     * {@link RunRecord} built from its provenance files. Refuses a run without an evaluation and a run any of whose
     * outputs was written by uncommitted code (published numbers name the commit that reproduces them). A reading
     * already in the folder is kept; the files are replaced atomically one by one.
     *
     * @param command     the exact command that made the run
     * @param wallSeconds its wall-clock time as measured around it
     */
    public RunRecord record(Path runDir, String name, String command, long wallSeconds) {
        Path metrics = runDir.resolve(RunLayout.EVALUATION).resolve(EvaluateStage.METRICS);
        Path evaluation = metrics.resolveSibling(Provenance.FILE);
        if (!Files.isRegularFile(metrics) || !Files.isRegularFile(evaluation)) {
            throw new InputValidationException(runDir + ": no published evaluation (" + metrics
                    + "); run `uae evaluate` or `uae run` first");
        }
        read(metrics, EvaluationMetrics.class);
        JsonNode evaluated = tree(evaluation);
        TreeSet<String> commits = new TreeSet<>();
        try (Stream<Path> files = Files.walk(runDir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().equals(Provenance.FILE))
                    .filter(f -> !runDir.relativize(f).startsWith(RunLayout.STAGING)).sorted().toList()) {
                JsonNode code = tree(file).path("code");
                if (!"false".equals(code.path("gitDirty").asText())) {
                    throw InputValidationException.inFile(file, "written by uncommitted code (code.gitDirty is '"
                            + code.path("gitDirty").asText() + "'); published results must name a commit that "
                            + "reproduces them");
                }
                commits.add(code.path("gitCommit").asText());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + runDir, e);
        }
        Map<String, String> environment = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = evaluated.path("environment").fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            environment.put(e.getKey(), e.getValue().asText());
        }
        RunRecord record = new RunRecord(name, evaluated.path("runId").asText(), command, List.copyOf(commits),
                evaluated.path("createdAt").asText(), wallSeconds, environment);
        Path folder = dir.resolve(name);
        try {
            Files.createDirectories(folder);
            replace(folder.resolve(EvaluateStage.METRICS), Files.readAllBytes(metrics));
            replace(folder.resolve(RunRecord.FILE),
                    (Json.mapper().writeValueAsString(record) + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + folder, e);
        }
        return record;
    }

    private static void replace(Path target, byte[] content) throws IOException {
        Path temporary = target.resolveSibling("." + target.getFileName() + ".tmp");
        Files.write(temporary, content);
        Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static <T> T read(Path file, Class<T> type) {
        if (!Files.isRegularFile(file)) {
            throw new InputValidationException(file + ": missing");
        }
        try (InputStream in = Files.newInputStream(file)) {
            return Json.read(in, file, type);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static JsonNode tree(Path file) {
        try {
            return Json.mapper().readTree(file.toFile());
        } catch (IOException e) {
            throw InputValidationException.inFile(file, "not valid JSON (" + e.getMessage() + ")");
        }
    }
}
