package org.uaespark.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

import org.uaespark.data.TableSchema;
import org.uaespark.testing.SparkTestSession;

class TableValidatorTest {
    private static final TableSchema DATASET = TableSchema.load("dataset");
    private final SparkSession spark = SparkTestSession.get();

    private static Row row(String id, String split, float[] features, int[] shape, Integer label) {
        return RowFactory.create(id, split, features, shape, label, "test");
    }

    /** The declared columns, all nullable: what a Parquet read gives, so nulls reach the validator. */
    private Dataset<Row> table(List<Row> rows) {
        StructType nullable = new StructType();
        for (var f : TableValidator.structType(DATASET).fields()) {
            nullable = nullable.add(f.name(), f.dataType(), true);
        }
        return spark.createDataFrame(rows, nullable);
    }

    private static List<Row> validRows() {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            rows.add(row("s" + i, i < 4 ? "train" : "test", new float[] {0f, 0.5f, 1f, i / 10f}, new int[] {2, 2}, i % 2));
        }
        return rows;
    }

    private List<String> violations(List<Row> rows) {
        return assertThrows(TableValidationException.class,
                () -> TableValidator.validate(table(rows), DATASET, "t")).violations();
    }

    @Test
    void conformingTablePasses() {
        TableValidator.validate(table(validRows()), DATASET, "t");
    }

    @Test
    void everyValueViolationIsReportedWithItsColumnAndAnExample() {
        List<Row> rows = validRows();
        rows.set(0, row("s0", "train", new float[] {0f, Float.NaN, 1f, 0f}, new int[] {2, 2}, 0));
        rows.set(1, row("s1", "train", new float[] {0f, 1.5f, 1f, 0f}, new int[] {2, 2}, 0));
        rows.set(2, row("s2", "validation", new float[] {0f, 0f, 0f, 0f}, new int[] {2, 2}, 0));
        rows.set(3, row("s3", "train", new float[] {0f, 0f, 0f}, new int[] {2, 2}, 0));
        rows.set(4, row("s4", null, new float[] {0f, 0f, 0f, 0f}, new int[] {2, 2}, null));
        List<String> v = violations(rows);
        assertEquals(List.of(
                "column split: null values in a non-nullable column (1 row, e.g. sample_id=s4)",
                "column split: values outside [train, test] (1 row, e.g. sample_id=s2)",
                "column features: elements that are null, NaN or outside [0.0, 1.0] (2 rows, e.g. sample_id=s0)",
                "column features: length differs from the product of shape (or a non-positive dimension)"
                        + " (1 row, e.g. sample_id=s3)"), v);
    }

    @Test
    void shapesMustBeConstantAndPositive() {
        List<Row> rows = validRows();
        rows.set(5, row("s5", "test", new float[] {0f, 0f, 0f, 0f}, new int[] {4, 1}, 1));
        rows.set(4, row("s4", "test", new float[] {}, new int[] {0, 2}, 1));
        List<String> v = violations(rows);
        assertTrue(v.contains("column shape: differs between rows; every row must have the same value (2 rows)"), v.toString());
        assertTrue(v.stream().anyMatch(s -> s.startsWith("column features: length differs") && s.contains("sample_id=s4")),
                v.toString());
    }

    @Test
    void duplicateIdsAreReported() {
        List<Row> rows = validRows();
        rows.add(rows.get(2));
        rows.add(rows.get(2));
        rows.add(rows.get(3));
        List<String> v = violations(rows);
        assertEquals(List.of("column sample_id: 2 duplicated values, e.g. [s2 ×3, s3 ×2]"), v);
    }

    @Test
    void structureIsCheckedBeforeValues() {
        StructType wrong = new StructType()
                .add("sample_id", DataTypes.LongType)
                .add("split", DataTypes.StringType)
                .add("features", DataTypes.createArrayType(DataTypes.DoubleType))
                .add("shape", DataTypes.createArrayType(DataTypes.IntegerType))
                .add("label", DataTypes.IntegerType)
                .add("extra", DataTypes.StringType);
        Dataset<Row> df = spark.createDataFrame(List.of(RowFactory.create(1L, "train", new double[] {0.5}, new int[] {1},
                1, "x")), wrong);
        TableValidationException e = assertThrows(TableValidationException.class,
                () -> TableValidator.validate(df, DATASET, "somewhere/table"));
        assertEquals(List.of("column sample_id: type bigint where the schema declares string",
                "column features: type array<double> where the schema declares array<float>",
                "column source: missing (declared string)",
                "column extra: not declared by the schema"), e.violations());
        assertTrue(e.getMessage().startsWith("somewhere/table does not conform to schema 'dataset'"));
    }
}
