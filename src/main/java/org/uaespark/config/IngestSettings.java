package org.uaespark.config;

import java.util.List;
import java.util.Locale;

import com.typesafe.config.Config;

import org.uaespark.data.CsvReader;
import org.uaespark.data.FeatureScaler;
import org.uaespark.data.SourceSpec;

/**
 * Settings of the {@code ingest} stage: which dataset, how many rows, how the output is laid out and what to
 * do when the run already holds the table.
 *
 * @param source      the dataset's files and reading options ({@code uae.datasets.<name>})
 * @param limitTrain  keep the first N train rows (0 = all)
 * @param limitTest   keep the first N test rows (0 = all)
 * @param rowsPerFile rows per Parquet data file
 * @param onExisting  policy when the table is already published in the run
 */
public record IngestSettings(SourceSpec source, int limitTrain, int limitTest, int rowsPerFile, OnExisting onExisting) {

    public IngestSettings {
        if (limitTrain < 0 || limitTest < 0) {
            throw new IllegalArgumentException("limit-train and limit-test must be >= 0");
        }
        if (rowsPerFile <= 0) {
            throw new IllegalArgumentException("rows-per-file must be positive, got " + rowsPerFile);
        }
    }

    /** Reads {@code uae.ingest} and the dataset entry it names. */
    public static IngestSettings from(Config config) {
        return Settings.read("uae.ingest", () -> {
            Config ingest = config.getConfig("uae.ingest");
            String name = ingest.getString("dataset");
            if (!config.hasPath("uae.datasets") || !config.getConfig("uae.datasets").root().containsKey(name)) {
                throw new ConfigurationException("uae.ingest.dataset = '" + name + "' is not defined; known datasets: "
                        + (config.hasPath("uae.datasets") ? config.getConfig("uae.datasets").root().keySet() : "none")
                        + " (define uae.datasets." + name + " in a profile)");
            }
            return new IngestSettings(source(name, config.getConfig("uae.datasets").getConfig(quote(name))),
                    ingest.getInt("limit-train"), ingest.getInt("limit-test"), ingest.getInt("rows-per-file"),
                    OnExisting.fromConfig(ingest.getString("on-existing")));
        });
    }

    private static SourceSpec source(String name, Config d) {
        SourceSpec.Format format = SourceSpec.Format.valueOf(d.getString("format").trim().toUpperCase(Locale.ROOT)
                .replace('-', '_'));
        CsvReader.Options csv = new CsvReader.Options(
                CsvReader.HeaderStyle.valueOf(optional(d, "csv.header", "auto").toUpperCase(Locale.ROOT)),
                optional(d, "csv.label-column", CsvReader.LABEL_AUTO), null,
                CsvReader.Impute.fromConfig(optional(d, "csv.impute", "none")));
        SourceSpec.ParquetColumns parquet = new SourceSpec.ParquetColumns(
                optional(d, "parquet.id-column", "sample_id"), optional(d, "parquet.features-column", "features"),
                d.hasPath("parquet.feature-columns") ? d.getStringList("parquet.feature-columns") : List.of(),
                optional(d, "parquet.label-column", ""));
        int[] shape = d.hasPath("shape") ? d.getIntList("shape").stream().mapToInt(Integer::intValue).toArray() : null;
        return new SourceSpec(name, format, optional(d, "source", name),
                d.getString("train.features"), optional(d, "train.labels", null),
                optional(d, "test.features", null), optional(d, "test.labels", null),
                d.hasPath("test-fraction") ? d.getDouble("test-fraction") : 0.0, shape,
                FeatureScaler.Method.fromConfig(d.getString("scaling")), csv, parquet);
    }

    private static String optional(Config c, String path, String fallback) {
        return c.hasPath(path) ? c.getString(path) : fallback;
    }

    private static String quote(String key) {
        return "\"" + key + "\"";
    }
}
