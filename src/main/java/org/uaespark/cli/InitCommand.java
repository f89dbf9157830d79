package org.uaespark.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import org.uaespark.config.ConfigurationException;
import org.uaespark.config.StarterProfile;
import org.uaespark.data.CsvInspection;
import org.uaespark.data.InputValidationException;

/**
 * {@code uae init TABLE --out FILE}: inspects a CSV table (header, columns, label column, ranges, missing cells) and
 * writes a commented starter profile on which {@code uae run} works as it stands. Reads a local file; starts no Spark.
 */
@Command(name = "init", mixinStandardHelpOptions = true,
        header = "Write a starter profile for your own CSV table.",
        description = {"Reads TABLE (CSV, raw or gzipped; a header line of names, none, or scikit-learn's), finds the",
                "label column (named label, class, target, y or category, else a last column of few integers),",
                "the features' ranges and missing cells, and writes a commented profile: the dataset, min-max",
                "scaling, a 20 % test split and a small grid (dense autoencoder, MINE-UAE, controls, noise)."})
final class InitCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "TABLE", description = "The CSV file.")
    Path table;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Where to write the profile.")
    Path out;

    @Option(names = "--name", paramLabel = "NAME",
            description = "Dataset and run id (default: from the file name).")
    String name;

    @Option(names = "--force", description = "Replace FILE if it exists.")
    boolean force;

    @Override
    public Integer call() {
        if (Files.exists(out) && !force) {
            throw new ConfigurationException(out + " exists; choose another --out or pass --force");
        }
        if (!Files.isRegularFile(table)) {
            throw InputValidationException.inFile(table, "file not found");
        }
        CsvInspection inspection = CsvInspection.of(table.toAbsolutePath().normalize());
        List<String> text = inspection.columns().stream().filter(c -> c.nonNumeric() > 0)
                .map(c -> "'" + c.name() + "' (" + c.nonNumeric() + " non-numeric cells)").toList();
        if (!text.isEmpty()) {
            throw InputValidationException.inFile(table, "columns " + text + " are not numbers; uae reads numeric "
                    + "tables with integer labels: drop or encode them first");
        }
        String runName = name != null ? name : StarterProfile.nameFor(table.getFileName().toString());
        String profile = StarterProfile.forCsv(inspection, runName);
        try {
            Path parent = out.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path staged = Files.createTempFile(parent, ".uae-init-", ".conf");
            Files.writeString(staged, profile);
            Files.move(staged, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + out, e);
        }
        spec.commandLine().getOut().print(profile);
        spec.commandLine().getOut().println("profile: " + out);
        return ExitCodes.OK;
    }
}
