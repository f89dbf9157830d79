package org.uaespark.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

/**
 * What {@code uae init} sees in a local Parquet table (a file, or a folder of {@code .parquet} files as Spark and
 * pandas write them), from the files' footers alone: the rows, the id column, the features (one array column, or
 * one numeric column per feature as a DataFrame from pandas holds them), the label column, and per feature column
 * its range and null cells from the footers' statistics.
 *
 * @param path           the file or folder
 * @param rows           rows over all files
 * @param idColumn       the id column, if one was recognised (else ingest numbers the rows by file and position)
 * @param arrayColumn    the array-of-numbers features column, if there is one
 * @param featureColumns the numeric feature columns, when there is no array column
 * @param labelColumn    the label column, if one was recognised
 * @param min            the smallest feature value the statistics record (NaN when they record none)
 * @param max            the largest feature value the statistics record (NaN when they record none)
 * @param nulls          null feature cells
 */
public record ParquetInspection(Path path, long rows, Optional<String> idColumn, Optional<String> arrayColumn,
        List<String> featureColumns, Optional<String> labelColumn, double min, double max, long nulls) {
    private static final Set<String> LABEL_NAMES = Set.of("label", "labels", "class", "target", "y", "category");
    private static final Set<String> ID_NAMES = Set.of("sample_id", "id", "row_id", "index", "__index_level_0__");

    /** Whether {@code path} is a Parquet file or a folder holding Parquet files. */
    public static boolean isParquet(Path path) {
        return !files(path).isEmpty();
    }

    /**
     * Reads the footers of the table at {@code path}.
     *
     * @throws InputValidationException naming the file when a footer does not read, or the table holds no numbers
     */
    public static ParquetInspection of(Path path) {
        List<Path> files = files(path);
        if (files.isEmpty()) {
            throw InputValidationException.inFile(path, "no Parquet files");
        }
        MessageType schema = null;
        long rows = 0;
        Map<String, double[]> ranges = new HashMap<>();
        Map<String, Long> nullCells = new HashMap<>();
        for (Path file : files) {
            try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(
                    new org.apache.hadoop.fs.Path(file.toUri()), new Configuration()))) {
                schema = schema == null ? reader.getFooter().getFileMetaData().getSchema() : schema;
                for (BlockMetaData block : reader.getFooter().getBlocks()) {
                    rows += block.getRowCount();
                    for (ColumnChunkMetaData chunk : block.getColumns()) {
                        String top = chunk.getPath().toArray()[0];
                        Statistics<?> stats = chunk.getStatistics();
                        if (stats != null && stats.hasNonNullValue() && stats.genericGetMin() instanceof Number lo
                                && stats.genericGetMax() instanceof Number hi) {
                            ranges.merge(top, new double[] {lo.doubleValue(), hi.doubleValue()},
                                    (a, b) -> new double[] {Math.min(a[0], b[0]), Math.max(a[1], b[1])});
                        }
                        if (stats != null && stats.isNumNullsSet()) {
                            nullCells.merge(top, stats.getNumNulls(), Long::sum);
                        }
                    }
                }
            } catch (IOException | RuntimeException e) {
                throw new InputValidationException(file + ": not a readable Parquet file (" + e.getMessage() + ")", e);
            }
        }
        return describe(path, rows, schema, ranges, nullCells);
    }

    private static ParquetInspection describe(Path path, long rows, MessageType schema, Map<String, double[]> ranges,
            Map<String, Long> nullCells) {
        Optional<String> id = Optional.empty();
        Optional<String> label = Optional.empty();
        Optional<String> array = Optional.empty();
        List<String> scalars = new ArrayList<>();
        for (Type field : schema.getFields()) {
            String name = field.getName();
            String lower = name.toLowerCase(Locale.ROOT);
            if (field.isPrimitive() && id.isEmpty() && ID_NAMES.contains(lower)) {
                id = Optional.of(name);
            } else if (field.isPrimitive() && label.isEmpty() && LABEL_NAMES.contains(lower) && integral(field)) {
                label = Optional.of(name);
            } else if (!field.isPrimitive() && array.isEmpty() && numericList(field.asGroupType())) {
                array = Optional.of(name);
            } else if (field.isPrimitive() && numeric(field.asPrimitiveType())) {
                scalars.add(name);
            }
        }
        List<String> featureColumns = array.isPresent() ? List.of() : List.copyOf(scalars);
        List<String> measured = array.map(List::of).orElse(featureColumns);
        if (measured.isEmpty()) {
            throw InputValidationException.inFile(path, "no numeric feature columns (an array of numbers, or numeric "
                    + "columns); columns: " + schema.getFields().stream().map(Type::getName).toList());
        }
        double min = measured.stream().filter(ranges::containsKey).mapToDouble(c -> ranges.get(c)[0]).min()
                .orElse(Double.NaN);
        double max = measured.stream().filter(ranges::containsKey).mapToDouble(c -> ranges.get(c)[1]).max()
                .orElse(Double.NaN);
        long nulls = measured.stream().mapToLong(c -> nullCells.getOrDefault(c, 0L)).sum();
        return new ParquetInspection(path, rows, id, array, featureColumns, label, min, max, nulls);
    }

    private static List<Path> files(Path path) {
        if (Files.isRegularFile(path)) {
            return startsWithMagic(path) ? List.of(path) : List.of();
        }
        if (!Files.isDirectory(path)) {
            return List.of();
        }
        try (Stream<Path> listed = Files.list(path)) {
            return listed.filter(p -> Files.isRegularFile(p) && !p.getFileName().toString().startsWith("_")
                    && !p.getFileName().toString().startsWith(".") && startsWithMagic(p)).sorted().toList();
        } catch (IOException e) {
            throw new InputValidationException(path + ": cannot list (" + e.getMessage() + ")", e);
        }
    }

    private static boolean startsWithMagic(Path file) {
        try (var in = Files.newInputStream(file)) {
            return new String(in.readNBytes(4), java.nio.charset.StandardCharsets.US_ASCII).equals("PAR1");
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean numeric(PrimitiveType type) {
        return switch (type.getPrimitiveTypeName()) {
            case INT32, INT64, FLOAT, DOUBLE -> !(type.getLogicalTypeAnnotation()
                    instanceof LogicalTypeAnnotation.DateLogicalTypeAnnotation
                    || type.getLogicalTypeAnnotation() instanceof LogicalTypeAnnotation.TimestampLogicalTypeAnnotation);
            default -> false;
        };
    }

    private static boolean integral(Type field) {
        PrimitiveType.PrimitiveTypeName t = field.asPrimitiveType().getPrimitiveTypeName();
        return t == PrimitiveType.PrimitiveTypeName.INT32 || t == PrimitiveType.PrimitiveTypeName.INT64;
    }

    /** A LIST of numbers, in Parquet's three-level layout (or the legacy two-level one). */
    private static boolean numericList(GroupType group) {
        if (!(group.getLogicalTypeAnnotation() instanceof LogicalTypeAnnotation.ListLogicalTypeAnnotation)
                || group.getFieldCount() != 1) {
            return false;
        }
        Type repeated = group.getType(0);
        Type element = repeated.isPrimitive() ? repeated
                : repeated.asGroupType().getFieldCount() == 1 ? repeated.asGroupType().getType(0) : null;
        return element != null && element.isPrimitive() && numeric(element.asPrimitiveType());
    }
}
