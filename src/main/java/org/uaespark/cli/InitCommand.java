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
import org.uaespark.data.IdxInspection;
import org.uaespark.data.InputValidationException;
import org.uaespark.data.ParquetInspection;

/**
 * {@code uae init TABLE --out FILE}: inspects a CSV, Parquet or IDX table (columns, label column, shape, ranges,
 * missing cells) and writes a commented starter profile on which {@code uae run} works as it stands. Reads local
 * files; starts no Spark.
 */
@Command(name = "init", mixinStandardHelpOptions = true,
        header = "Write a starter profile for your own CSV, Parquet or IDX table.",
        description = {"Reads TABLE: a CSV (raw or gzipped; a header line of names, none, or scikit-learn's), a",
                "Parquet file or folder (an array column of features, or one numeric column per feature) or an IDX",
                "image file (labels and test files found beside it by MNIST's names). Finds the id and label",
                "columns (named label, class, target, y or category; for CSV also a last column of few integers),",
                "the features' ranges and missing cells, and writes a commented profile: the dataset, its scaling,",
                "a 20 % test split and a small grid (dense autoencoder, MINE-UAE, controls, noise)."})
final class InitCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "TABLE", description = "The CSV file, Parquet file or folder, or IDX image file.")
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
        Path path = table.toAbsolutePath().normalize();
        String runName = name != null ? name : StarterProfile.nameFor(path.getFileName().toString());
        String profile;
        if (ParquetInspection.isParquet(path)) {
            profile = StarterProfile.forParquet(ParquetInspection.of(path), runName);
        } else if (!Files.isRegularFile(path)) {
            throw InputValidationException.inFile(table, Files.isDirectory(path) ? "a folder without Parquet files"
                    : "file not found");
        } else if (IdxInspection.isIdx(path)) {
            profile = StarterProfile.forIdx(IdxInspection.of(path), runName);
        } else {
            profile = csvProfile(path, runName);
        }
        write(profile);
        spec.commandLine().getOut().print(profile);
        spec.commandLine().getOut().println("profile: " + out);
        return ExitCodes.OK;
    }

    private String csvProfile(Path path, String runName) {
        CsvInspection inspection = CsvInspection.of(path);
        List<String> text = inspection.columns().stream().filter(c -> c.nonNumeric() > 0)
                .map(c -> "'" + c.name() + "' (" + c.nonNumeric() + " non-numeric cells)").toList();
        if (!text.isEmpty()) {
            throw InputValidationException.inFile(table, "columns " + text + " are not numbers; uae reads numeric "
                    + "tables with integer labels: drop or encode them first");
        }
        return StarterProfile.forCsv(inspection, runName);
    }

    /** Writes {@code profile} to {@code --out} atomically. */
    private void write(String profile) {
        try {
            Path parent = out.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path staged = Files.createTempFile(parent, ".uae-init-", ".conf");
            Files.writeString(staged, profile);
            Files.move(staged, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + out, e);
        }
    }
}
