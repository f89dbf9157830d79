package org.uaespark.pipeline;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lpad;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructType;

import org.uaespark.data.InputValidationException;
import org.uaespark.data.RawSplit;
import org.uaespark.data.SourceSpec;
import org.uaespark.data.SourceSplits;

/**
 * Turns a {@link SourceSpec} into a DataFrame with the {@code dataset} table's columns but raw (unscaled)
 * features. IDX and CSV files are single-stream formats and are read on the driver; Parquet sources are read
 * by the executors.
 */
final class SourceFrames {
    private static final int ROWS_PER_SLICE = 2000;

    private SourceFrames() {
    }

    /** Reads both splits of {@code spec} into one raw frame with the given dataset schema. */
    static Dataset<Row> read(SparkSession spark, SourceSpec spec, StructType schema, long seed, int limitTrain,
            int limitTest) {
        if (spec.format() == SourceSpec.Format.PARQUET) {
            if (spec.testFeatures() != null) {
                return limited(parquetRows(spark, spec, spec.trainFeatures(), lit("train")), limitTrain)
                        .unionByName(limited(parquetRows(spark, spec, spec.testFeatures(), lit("test")), limitTest));
            }
            double fraction = spec.testFraction();
            UserDefinedFunction isTest = udf((UDF1<String, Boolean>) id -> SourceSplits.isTestId(seed, id, fraction),
                    DataTypes.BooleanType);
            Dataset<Row> all = parquetRows(spark, spec, spec.trainFeatures(),
                    when(isTest.apply(col("sample_id")), lit("test")).otherwise(lit("train")));
            return limited(all.filter(col("split").equalTo("train")), limitTrain)
                    .unionByName(limited(all.filter(col("split").equalTo("test")), limitTest));
        }
        SourceSplits splits = SourceSplits.read(spec, seed, limitTrain, limitTest);
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        List<Row> rows = new ArrayList<>(splits.train().rows() + splits.test().rows());
        addRows(rows, spec.name(), "train", splits.train());
        addRows(rows, spec.name(), "test", splits.test());
        int slices = Math.max(1, rows.size() / ROWS_PER_SLICE);
        return spark.createDataFrame(jsc.parallelize(rows, slices), schema);
    }

    /** The files whose digests fingerprint the source: the declared files, or every data file of a Parquet path. */
    static List<Path> inputFiles(SparkSession spark, SourceSpec spec) {
        List<String> declared = new ArrayList<>();
        for (String p : Arrays.asList(spec.trainFeatures(), spec.trainLabels(), spec.testFeatures(), spec.testLabels())) {
            if (p != null && !p.isBlank()) {
                // A CIFAR split lists its batch files separated by commas.
                for (String file : spec.format() == SourceSpec.Format.CIFAR_BINARY ? p.split(",") : new String[] {p}) {
                    if (!file.isBlank()) {
                        declared.add(file.trim());
                    }
                }
            }
        }
        List<Path> out = new ArrayList<>();
        for (String p : declared) {
            Path path = new Path(p);
            try {
                FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
                if (!fs.exists(path)) {
                    throw InputValidationException.inFile(p, "file not found"
                            + (p.contains("data/") ? " (run jobs/fetch-data first?)" : ""));
                }
                if (spec.format() == SourceSpec.Format.PARQUET && fs.getFileStatus(path).isDirectory()) {
                    RemoteIterator<LocatedFileStatus> files = fs.listFiles(path, true);
                    List<Path> data = new ArrayList<>();
                    while (files.hasNext()) {
                        FileStatus f = files.next();
                        String name = f.getPath().getName();
                        if (!name.startsWith("_") && !name.startsWith(".")) {
                            data.add(f.getPath());
                        }
                    }
                    data.sort(null);
                    out.addAll(data);
                } else if (fs.getFileStatus(path).isDirectory()) {
                    throw InputValidationException.inFile(p, "not a regular file (a folder; "
                            + spec.format().name().toLowerCase(java.util.Locale.ROOT) + " sources are files)");
                } else {
                    out.add(path);
                }
            } catch (IOException e) {
                throw new InputValidationException(p + ": cannot be read (" + e.getMessage() + ")", e);
            }
        }
        return out;
    }

    private static void addRows(List<Row> rows, String dataset, String split, RawSplit data) {
        int[] shape = data.shape();
        for (int i = 0; i < data.rows(); i++) {
            rows.add(RowFactory.create(String.format(Locale.ROOT, "%s-%s-%08d", dataset, split, data.sourceIndex(i)),
                    split, data.features(i), shape, data.label(i), data.source()));
        }
    }

    /**
     * The rows of the Parquet table at {@code path} in the raw frame's columns, {@code split} computed per row (from
     * the {@code sample_id} column it sees). Features come from the array column, or from one numeric column per
     * feature; without an id column a row's id is its file's name and its position in the file.
     */
    private static Dataset<Row> parquetRows(SparkSession spark, SourceSpec spec, String path, Column split) {
        Dataset<Row> in = spark.read().parquet(path);
        SourceSpec.ParquetColumns c = spec.parquet();
        StructType schema = in.schema();
        Column id;
        if (c.id().isBlank()) {
            id = concat(regexp_replace(col("_metadata.file_name"), "\\.parquet$", ""), lit("-"),
                    lpad(col("_metadata.row_index").cast("string"), 10, "0"));
        } else {
            requireColumn(path, schema, c.id(), "id");
            id = col(c.id()).cast("string");
        }
        Column features;
        if (c.featureColumns().isEmpty()) {
            requireColumn(path, schema, c.features(), "features");
            DataType featuresType = schema.apply(c.features()).dataType();
            if (!(featuresType instanceof ArrayType a) || !(a.elementType() instanceof NumericType)) {
                throw InputValidationException.inFile(path, "features column '" + c.features()
                        + "' must be an array of numbers but is " + featuresType.simpleString());
            }
            features = col(c.features()).cast("array<float>");
        } else {
            List<Column> columns = new ArrayList<>();
            for (String name : c.featureColumns()) {
                requireColumn(path, schema, name, "feature");
                if (!(schema.apply(name).dataType() instanceof NumericType)) {
                    throw InputValidationException.inFile(path, "feature column '" + name + "' must be numeric but is "
                            + schema.apply(name).dataType().simpleString());
                }
                columns.add(col(name).cast("float"));
            }
            features = when(columns.stream().map(Column::isNull).reduce(Column::or).orElseThrow(), lit(null))
                    .otherwise(array(columns.toArray(Column[]::new)));
        }
        boolean labelled = c.label() != null && !c.label().isBlank();
        if (labelled) {
            requireColumn(path, schema, c.label(), "label");
            if (!(schema.apply(c.label()).dataType() instanceof NumericType)) {
                throw InputValidationException.inFile(path, "label column '" + c.label() + "' must be numeric but is "
                        + schema.apply(c.label()).dataType().simpleString());
            }
        }
        String shape = spec.shape() == null ? "array(size(features))"
                : "array(" + Arrays.stream(spec.shape()).mapToObj(Integer::toString).collect(Collectors.joining(", ")) + ")";
        return in.select(id.as("sample_id"), features.as("features"),
                        labelled ? col(c.label()).cast("int").as("label") : lit(null).cast("int").as("label"))
                .withColumn("split", split)
                .withColumn("shape", expr(shape))
                .withColumn("source", concat(lit(spec.description() + " "), col("split")))
                .select("sample_id", "split", "features", "shape", "label", "source");
    }

    /** The first {@code limit} rows by id (0: all). */
    private static Dataset<Row> limited(Dataset<Row> rows, int limit) {
        return limit > 0 ? rows.orderBy(col("sample_id")).limit(limit) : rows;
    }

    private static void requireColumn(String path, StructType schema, String column, String role) {
        if (!Arrays.asList(schema.fieldNames()).contains(column)) {
            throw InputValidationException.inFile(path, role + " column '" + column + "' not found; columns are "
                    + Arrays.toString(schema.fieldNames()));
        }
    }
}
