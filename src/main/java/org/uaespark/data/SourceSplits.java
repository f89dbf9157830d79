package org.uaespark.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads the train and test splits of a file-based source (IDX, CSV or CIFAR binary) on the driver. When a source has a
 * single file and a test fraction, rows are assigned to test by a seeded hash of their row index, so the
 * split is stable across runs and machines and independent of row order elsewhere in the file.
 *
 * @param train the train split
 * @param test  the test split (zero rows when the source has none)
 */
public record SourceSplits(RawSplit train, RawSplit test) {

    /** Reads both splits of {@code spec}, keeping the first {@code limitTrain}/{@code limitTest} rows (0 = all). */
    public static SourceSplits read(SourceSpec spec, long seed, int limitTrain, int limitTest) {
        RawSplit train;
        RawSplit test;
        switch (spec.format()) {
            case IDX -> {
                train = IdxReader.readImages(path(spec.trainFeatures()), pathOrNull(spec.trainLabels()),
                        spec.description() + " train");
                test = spec.testFeatures() == null ? null : IdxReader.readImages(path(spec.testFeatures()),
                        pathOrNull(spec.testLabels()), spec.description() + " test");
            }
            case CSV -> {
                CsvReader.Options options = new CsvReader.Options(spec.csv().header(), spec.csv().labelColumn(),
                        spec.shape(), spec.csv().impute());
                train = CsvReader.read(path(spec.trainFeatures()), options, spec.description());
                test = spec.testFeatures() == null ? null
                        : CsvReader.read(path(spec.testFeatures()), options, spec.description() + " test");
            }
            case CIFAR_BINARY -> {
                train = CifarReader.read(paths(spec.trainFeatures()), spec.description() + " train");
                test = spec.testFeatures() == null ? null
                        : CifarReader.read(paths(spec.testFeatures()), spec.description() + " test");
            }
            default -> throw new IllegalArgumentException("format " + spec.format() + " is not read on the driver");
        }
        if (test == null) {
            SourceSplits carved = carve(train, spec.testFraction(), seed);
            train = carved.train();
            test = carved.test();
        } else if (test.featureCount() != train.featureCount()) {
            throw new InputValidationException(spec.testFeatures() + ": test rows have " + test.featureCount()
                    + " features but train rows (" + spec.trainFeatures() + ") have " + train.featureCount());
        }
        if (train.rows() == 0) {
            throw new InputValidationException(spec.trainFeatures() + ": the train split is empty");
        }
        return new SourceSplits(train.head(limitTrain), test.head(limitTest));
    }

    /** Splits {@code all} into train and test rows by a seeded hash of the row index. */
    static SourceSplits carve(RawSplit all, double testFraction, long seed) {
        List<Integer> train = new ArrayList<>();
        List<Integer> test = new ArrayList<>();
        for (int i = 0; i < all.rows(); i++) {
            (isTestRow(seed, i, testFraction) ? test : train).add(i);
        }
        return new SourceSplits(new SubsetSplit(all, train, " train"), new SubsetSplit(all, test, " test"));
    }

    /**
     * Whether the row with id {@code sampleId} falls in the test split: a SplitMix64 hash of (seed, id) below the
     * fraction (Parquet sources, whose rows are split by id, as they are read on the executors).
     */
    public static boolean isTestId(long seed, String sampleId, double testFraction) {
        return isTestRow(seed, Seeds.key(sampleId), testFraction);
    }

    /** Whether row {@code index} falls in the test split: a SplitMix64 hash of (seed, index) below the fraction. */
    static boolean isTestRow(long seed, long index, double testFraction) {
        if (testFraction <= 0) {
            return false;
        }
        double u = (Seeds.mix(seed, index) >>> 11) * 0x1.0p-53;
        return u < testFraction;
    }

    private static Path path(String p) {
        return Path.of(p);
    }

    /** The files of a comma-separated list. */
    private static List<Path> paths(String list) {
        return Arrays.stream(list.split(",")).map(String::trim).filter(p -> !p.isEmpty()).map(Path::of).toList();
    }

    private static Path pathOrNull(String p) {
        return p == null || p.isBlank() ? null : Path.of(p);
    }

    /** The rows of another split at the given indices, in that order. */
    private record SubsetSplit(RawSplit all, List<Integer> indices, String suffix) implements RawSplit {
        @Override public int rows() { return indices.size(); }
        @Override public int[] shape() { return all.shape(); }
        @Override public float[] features(int i) { return all.features(indices.get(i)); }
        @Override public Integer label(int i) { return all.label(indices.get(i)); }
        @Override public long sourceIndex(int i) { return all.sourceIndex(indices.get(i)); }
        @Override public String source() { return all.source() + suffix; }
    }
}
