package org.uaespark.config;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import com.typesafe.config.ConfigUtil;

import org.uaespark.data.CsvInspection;
import org.uaespark.data.CsvReader;
import org.uaespark.data.IdxInspection;
import org.uaespark.data.ParquetInspection;

/**
 * The commented starter profile {@code uae init} writes for a CSV, Parquet or IDX table. For a CSV table: the dataset entry as {@link CsvReader} reads
 * the table (header style, label column, imputation where cells are missing), min-max scaling, a seeded 20 % test
 * split, and a small grid: the dense autoencoder, MINE-UAE at the CPU attack profile against the two compute-matched
 * controls and Gaussian noise, three repeats. Comments say what was seen in the table and what to change.
 */
public final class StarterProfile {
    private StarterProfile() {
    }

    /** The profile's text for the table {@code table}, as dataset and run {@code name}. */
    public static String forCsv(CsvInspection table, String name) {
        List<CsvInspection.Column> features = table.features();
        String header = switch (table.header()) {
            case SKLEARN -> "sklearn";
            case NAMES -> "names";
            default -> "none";
        };
        // Without a header line the guessed label is always the last column (CsvInspection guesses others by name).
        String label = table.label() < 0 ? CsvReader.LABEL_NONE
                : table.header() == CsvReader.HeaderStyle.NAMES ? table.columns().get(table.label()).name()
                : CsvReader.LABEL_LAST;
        String impute = table.hasMissingFeatures() ? "class-mean" : "none";
        long missing = features.stream().mapToLong(CsvInspection.Column::missing).sum();
        StringBuilder p = new StringBuilder();
        p.append("# Starter profile written by `uae init` for ").append(table.file()).append('\n');
        p.append("# ").append(table.rows()).append(" rows, ").append(features.size()).append(" feature columns")
                .append(table.label() < 0 ? ", no label column found" : ", label column "
                        + describe(table.columns().get(table.label())))
                .append(missing > 0 ? ", " + missing + " missing feature cells" : "").append(".\n");
        open(p, name, "csv");
        p.append("    source = ").append(ConfigUtil.quoteString(table.file().getFileName().toString())).append('\n');
        p.append("    train { features = ").append(ConfigUtil.quoteString(table.file().toString())).append(" }\n");
        p.append("    # One file for both splits: 20 % of the rows, chosen by a seeded hash of the row, are the test split.\n");
        p.append("    test-fraction = 0.2\n");
        p.append("    # Features scaled into [0, 1] with the train split's min and max per column (_scaler.json keeps them).\n");
        p.append("    # Ranges seen: ").append(ranges(features)).append('\n');
        p.append("    scaling = minmax\n");
        if (table.label() < 0) {
            p.append("    # No label column was recognised (named label, class, target, y or category, or a last column of\n"
                    + "    # at most 100 distinct integers); the attack needs none, the evaluation's per-class figures do.\n");
        }
        if (missing > 0) {
            p.append("    # Missing cells (empty, NA, NaN, ?) are filled with the column's mean over rows of the same label\n"
                    + "    # (class-mean; mean: over all rows). Labels may not be missing.\n");
        }
        p.append("    csv { header = ").append(header).append(", label-column = ")
                .append(label.equals(CsvReader.LABEL_LAST) || label.equals(CsvReader.LABEL_NONE) ? label
                        : ConfigUtil.quoteString(label))
                .append(", impute = ").append(impute).append(" }\n");
        close(p, name, features.size() + " features", "0.1-0.2 s");
        return p.toString();
    }

    /**
     * The profile's text for the IDX images {@code table}, as dataset and run {@code name}: the labels and test
     * files found beside it, or a seeded 20 % test split.
     */
    public static String forIdx(IdxInspection table, String name) {
        StringBuilder p = new StringBuilder();
        p.append("# Starter profile written by `uae init` for ").append(table.images()).append('\n');
        p.append("# ").append(table.count()).append(" images of shape ")
                .append(java.util.Arrays.toString(table.shape())).append(", bytes in [").append(table.min())
                .append(", ").append(table.max()).append("], ").append(table.labels().map(l -> table.classes()
                        + " classes in " + l.getFileName()).orElse("no labels file found beside it")).append(".\n");
        open(p, name, "idx");
        p.append("    source = ").append(ConfigUtil.quoteString(table.images().getFileName().toString())).append('\n');
        p.append("    train { features = ").append(ConfigUtil.quoteString(table.images().toString()))
                .append(table.labels().map(l -> ", labels = " + ConfigUtil.quoteString(l.toString())).orElse(""))
                .append(" }\n");
        if (table.testImages().isPresent()) {
            p.append("    test { features = ").append(ConfigUtil.quoteString(table.testImages().get().toString()))
                    .append(table.testLabels().map(l -> ", labels = " + ConfigUtil.quoteString(l.toString()))
                            .orElse("")).append(" }\n");
        } else {
            p.append("    # No test file was found beside it: 20 % of the images, chosen by a seeded hash, are the test "
                    + "split.\n    test-fraction = 0.2\n");
        }
        p.append("    # Bytes mapped to [0, 1] by dividing by 255.\n    scaling = divide-255\n");
        close(p, name, table.count() + " images", "0.1-0.3 s");
        return p.toString();
    }

    /**
     * The profile's text for the Parquet table {@code table}, as dataset and run {@code name}: its id, feature and
     * label columns as found, min-max scaling unless the values are already in [0, 1], and a seeded 20 % test split.
     */
    public static String forParquet(ParquetInspection table, String name) {
        int features = table.arrayColumn().isPresent() ? -1 : table.featureColumns().size();
        StringBuilder p = new StringBuilder();
        p.append("# Starter profile written by `uae init` for ").append(table.path()).append('\n');
        p.append("# ").append(table.rows()).append(" rows; features: ").append(table.arrayColumn()
                .map(a -> "the array column '" + a + "'").orElse(features + " numeric columns")).append("; ")
                .append(table.idColumn().map(i -> "id column '" + i + "'").orElse("no id column"))
                .append("; ").append(table.labelColumn().map(l -> "label column '" + l + "'")
                        .orElse("no label column found")).append(".\n");
        if (!Double.isNaN(table.min())) {
            p.append("# Feature values in [").append(number(table.min())).append(", ").append(number(table.max()))
                    .append("] (the files' statistics).\n");
        }
        open(p, name, "parquet");
        p.append("    source = ").append(ConfigUtil.quoteString(table.path().getFileName().toString())).append('\n');
        p.append("    train { features = ").append(ConfigUtil.quoteString(table.path().toString())).append(" }\n");
        p.append("    # One table for both splits: 20 % of the rows, chosen by a seeded hash of the row's id, are the test "
                + "split.\n    test-fraction = 0.2\n");
        boolean unit = table.min() >= 0 && table.max() <= 1;
        p.append(unit ? "    # The values are in [0, 1] already.\n    scaling = none\n"
                : "    # Features scaled into [0, 1] with the train split's min and max per feature (_scaler.json keeps "
                        + "them).\n    scaling = minmax\n");
        if (table.idColumn().isEmpty()) {
            p.append("    # No id column: each row's id is its file's name and its position in the file.\n");
        }
        if (table.nulls() > 0) {
            p.append("    # ").append(table.nulls()).append(" feature cells are null: ingest refuses such rows, naming "
                    + "them; fill or drop them first.\n");
        }
        p.append("    parquet { id-column = ").append(ConfigUtil.quoteString(table.idColumn().orElse(""))).append(", ")
                .append(table.arrayColumn().map(a -> "features-column = " + ConfigUtil.quoteString(a))
                        .orElse("feature-columns = [" + table.featureColumns().stream().map(ConfigUtil::quoteString)
                                .collect(Collectors.joining(", ")) + "]"))
                .append(", label-column = ").append(ConfigUtil.quoteString(table.labelColumn().orElse("")))
                .append(" }\n");
        close(p, name, features < 0 ? "array features" : features + " features", "0.1-0.2 s");
        return p.toString();
    }

    /** The profile's opening: how to run it, and the dataset entry's first lines. */
    private static void open(StringBuilder p, String name, String format) {
        p.append("# Run it:  jobs/uae run --profile <this file>      (ingest, train, attack, retrain, evaluate, "
                + "report)\n");
        p.append("uae {\n");
        p.append("  run-id = ").append(name).append('\n');
        p.append("  datasets.").append(name).append(" {\n");
        p.append("    format = ").append(format).append('\n');
    }

    /** The profile's closing: the dataset entry's end, the dataset to ingest, a grid with the compute-matched controls. */
    private static void close(StringBuilder p, String name, String what, String secondsPerRow) {
        p.append("  }\n");
        p.append("  ingest.dataset = ").append(name).append('\n');
        p.append("  # The dense autoencoder on the ").append(what).append("; MINE-UAE at the CPU "
                + "attack profile against the\n  # compute-matched controls (duplicate rows, twice the epochs) and "
                + "Gaussian noise, 3 seeded repeats.\n");
        p.append("  # The attack takes about ").append(secondsPerRow).append(" per row and repeat on one core: for a "
                + "first look, attack a\n  # sample with `attack.limit = 1000`.\n");
        p.append("  retrain { models = [dense], arms = [original, duplicate, original-2x, mine-cpu, gaussian-0.01], "
                + "repeats = 3 }\n");
        p.append("}\n");
    }

    /** A run and dataset name from a file name: lower case, letters, digits and hyphens. */
    public static String nameFor(String fileName) {
        String stem = fileName.replaceFirst("(?i)(\\.csv|\\.parquet)?(\\.gz)?$", "").toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        return stem.isEmpty() || !Character.isLetter(stem.charAt(0)) ? "table-" + stem : stem;
    }

    private static String describe(CsvInspection.Column c) {
        return "'" + c.name() + "'" + (c.integers() ? " (" + c.distinct() + (c.distinct() > 100 ? "+" : "")
                + " distinct integers)" : "");
    }

    private static String ranges(List<CsvInspection.Column> features) {
        List<String> shown = features.stream().limit(6)
                .map(c -> String.format(Locale.ROOT, "%s [%s, %s]", c.name(), number(c.min()), number(c.max())))
                .collect(Collectors.toList());
        return String.join(", ", shown) + (features.size() > 6 ? ", … (" + features.size() + " columns)" : "");
    }

    private static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : String.format(Locale.ROOT, "%.4g", v);
    }
}
