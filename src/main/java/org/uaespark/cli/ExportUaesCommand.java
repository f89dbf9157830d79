package org.uaespark.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;

import com.typesafe.config.Config;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.hadoop.conf.Configuration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import org.uaespark.config.ConfigurationException;
import org.uaespark.config.RetrainSettings;
import org.uaespark.config.RunSettings;
import org.uaespark.data.FeatureScaler;
import org.uaespark.models.ModelKind;
import org.uaespark.pipeline.RunExport;
import org.uaespark.pipeline.SparkSessions;
import org.uaespark.pipeline.store.Json;
import org.uaespark.pipeline.store.RunLayout;

/** {@code uae export uaes}: an augmented table's rows next to their originals, in the source's units. */
@Command(name = "uaes", mixinStandardHelpOptions = true,
        header = "Print UAEs next to their originals, in your units.",
        description = {"The first --limit rows (by origin id) of <run>/augmented/<model>/<arm>, each joined to the",
                "training row it was made from; features of both mapped back to the source's units (the dataset's",
                "_scaler.json for minmax, x 255 for divide-255). JSON lines (one object per row: sampleId,",
                "originSampleId, label, criterionMet, lossBefore, lossAfter, mi, deltaL2, deltaLinf (scaled",
                "space), shape, original, augmented) or CSV (original_<j>, uae_<j> per feature)."})
final class ExportUaesCommand extends RunCommandBase {
    /** Output formats. */
    enum Format { JSON, CSV }

    @Option(names = "--model", paramLabel = "NAME", converter = ModelKindConverter.class,
            description = "The attacked model (default: the grid's first).")
    ModelKind model;

    @Option(names = "--arm", paramLabel = "NAME",
            description = "The augmented table, e.g. mine-cpu (default: the model's first published mine table, else "
                    + "its first).")
    String arm;

    @Option(names = "--limit", paramLabel = "N", description = "Rows printed (default: ${DEFAULT-VALUE}; 0: all).")
    int limit = 20;

    @Option(names = "--criterion-met", description = "Only the rows that met the criterion (successful attacks).")
    boolean criterionMet;

    @Option(names = "--format", paramLabel = "json|csv", description = "Output format (default: ${DEFAULT-VALUE}).",
            defaultValue = "json")
    Format format;

    @Option(names = "--out", paramLabel = "FILE", description = "Write to this local file (atomically) instead of "
            + "the standard output.")
    java.nio.file.Path outFile;

    @Override
    public Integer call() throws IOException {
        if (limit < 0) {
            throw new ConfigurationException("--limit must be >= 0, got " + limit);
        }
        Config config = loadConfig(new HashMap<>()).config();
        RunSettings run = RunSettings.from(config);
        RetrainSettings grid = RetrainSettings.from(config);
        ModelKind chosen = model != null ? model : grid.models().get(0);
        RunExport export = new RunExport(RunLayout.of(run), new Configuration());
        String table = arm != null ? arm : defaultArm(export.publishedTables(), chosen.configName());
        String scalingKey = "uae.datasets." + grid.dataset() + ".scaling";
        FeatureScaler.Method scaling = FeatureScaler.Method.fromConfig(config.hasPath(scalingKey)
                ? config.getString(scalingKey) : FeatureScaler.Method.NONE.configName());
        List<RunExport.Pair> pairs = export.pairs(SparkSessions.getOrCreate(run, "export"), grid.dataset(), scaling,
                chosen.configName(), table, limit == 0 ? Integer.MAX_VALUE : limit, criterionMet);
        if (outFile == null) {
            write(out(), pairs);
            out().flush();
        } else {
            java.nio.file.Path partial = outFile.resolveSibling("." + outFile.getFileName() + ".partial");
            try (Writer w = Files.newBufferedWriter(partial, StandardCharsets.UTF_8)) {
                write(new PrintWriter(w), pairs);
            }
            Files.move(partial, outFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            out().println("export: " + pairs.size() + " rows of " + chosen.configName() + "/" + table + " in "
                    + outFile);
        }
        return ExitCodes.OK;
    }

    /** The model's first published table whose method is MINE-UAE, else its first. */
    private static String defaultArm(List<String> published, String model) {
        List<String> own = published.stream().filter(t -> t.startsWith(model + "/"))
                .map(t -> t.substring(model.length() + 1)).toList();
        if (own.isEmpty()) {
            throw new org.uaespark.data.InputValidationException("the run holds no augmented table of model " + model
                    + " (published: " + published + "); run `uae attack` first");
        }
        return own.stream().filter(t -> t.startsWith("mine-")).findFirst().orElse(own.get(0));
    }

    private void write(PrintWriter w, List<RunExport.Pair> pairs) throws IOException {
        if (format == Format.JSON) {
            for (RunExport.Pair p : pairs) {
                w.println(Json.mapper().writer().without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT).writeValueAsString(p));
            }
            w.flush();
            return;
        }
        int d = pairs.isEmpty() ? 0 : pairs.get(0).original().length;
        List<String> header = new ArrayList<>(List.of("sample_id", "origin_sample_id", "label", "criterion_met",
                "loss_before", "loss_after", "mi", "delta_l2", "delta_linf"));
        for (String side : List.of("original_", "uae_")) {
            for (int j = 0; j < d; j++) {
                header.add(side + j);
            }
        }
        try (CSVPrinter csv = new CSVPrinter(w, CSVFormat.DEFAULT.builder().setHeader(header.toArray(String[]::new))
                .setRecordSeparator('\n').build())) {
            for (RunExport.Pair p : pairs) {
                List<Object> record = new ArrayList<>(List.of(p.sampleId(), p.originSampleId(),
                        p.label() == null ? "" : p.label(), p.criterionMet(), p.lossBefore(), p.lossAfter(),
                        p.mi() == null ? "" : p.mi(), p.deltaL2(), p.deltaLinf()));
                for (float v : p.original()) {
                    record.add(v);
                }
                for (float v : p.augmented()) {
                    record.add(v);
                }
                csv.printRecord(record);
            }
        }
    }
}
