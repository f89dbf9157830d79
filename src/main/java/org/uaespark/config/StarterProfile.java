package org.uaespark.config;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import com.typesafe.config.ConfigUtil;

import org.uaespark.data.CsvInspection;
import org.uaespark.data.CsvReader;

/**
 * The commented starter profile {@code uae init} writes for a CSV table: the dataset entry as {@link CsvReader} reads
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
        p.append("# Run it:  jobs/uae run --profile <this file>      (ingest, train, attack, retrain, evaluate, "
                + "report)\n");
        p.append("uae {\n");
        p.append("  run-id = ").append(name).append('\n');
        p.append("  datasets.").append(name).append(" {\n");
        p.append("    format = csv\n");
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
        p.append("  }\n");
        p.append("  ingest.dataset = ").append(name).append('\n');
        p.append("  # The dense autoencoder on the ").append(features.size()).append(" features; MINE-UAE at the CPU "
                + "attack profile against the\n  # compute-matched controls (duplicate rows, twice the epochs) and "
                + "Gaussian noise, 3 seeded repeats.\n");
        p.append("  # The attack takes about 0.1-0.2 s per row and repeat on one core: for a first look, attack a\n"
                + "  # sample with `attack.limit = 1000`.\n");
        p.append("  retrain { models = [dense], arms = [original, duplicate, original-2x, mine-cpu, gaussian-0.01], "
                + "repeats = 3 }\n");
        p.append("}\n");
        return p.toString();
    }

    /** A run and dataset name from a file name: lower case, letters, digits and hyphens. */
    public static String nameFor(String fileName) {
        String stem = fileName.replaceFirst("(?i)(\\.csv)?(\\.gz)?$", "").toLowerCase(Locale.ROOT)
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
