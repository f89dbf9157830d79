package org.uaespark.pipeline;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import org.uaespark.data.TableSchema;

/**
 * Checks a DataFrame against a {@link TableSchema}: first the structure (every declared column present with its
 * declared type, no undeclared column), then the values in one distributed pass (nulls in non-nullable
 * columns, values outside {@code allowed} or {@code range}, NaN, flattened arrays whose length is not the
 * product of their shape, shapes that vary when declared constant) and uniqueness. All violations are
 * reported together, each naming its column and an example row id.
 */
public final class TableValidator {
    private static final Set<String> FLOATING = Set.of("float", "double");

    private TableValidator() {
    }

    /** The Spark SQL struct type declared by {@code schema} (nullability as declared). */
    public static StructType structType(TableSchema schema) {
        StructType out = new StructType();
        for (TableSchema.Column c : schema.columns()) {
            out = out.add(c.name(), DataType.fromDDL(c.type()), c.nullable());
        }
        return out;
    }

    /**
     * Validates {@code table} against {@code schema}.
     *
     * @param what names the table in messages, e.g. its path
     * @throws TableValidationException listing every violation
     */
    public static void validate(Dataset<Row> table, TableSchema schema, String what) {
        List<String> structural = structureViolations(table.schema(), schema);
        if (!structural.isEmpty()) {
            throw new TableValidationException(what, schema.table(), structural);
        }
        List<String> violations = valueViolations(table, schema);
        if (!violations.isEmpty()) {
            throw new TableValidationException(what, schema.table(), violations);
        }
    }

    static List<String> structureViolations(StructType actual, TableSchema schema) {
        List<String> out = new ArrayList<>();
        List<String> actualNames = List.of(actual.fieldNames());
        for (TableSchema.Column c : schema.columns()) {
            if (!actualNames.contains(c.name())) {
                out.add("column " + c.name() + ": missing (declared " + c.type() + ")");
                continue;
            }
            String found = actual.apply(c.name()).dataType().simpleString();
            String declared = DataType.fromDDL(c.type()).simpleString();
            if (!found.equals(declared)) {
                out.add("column " + c.name() + ": type " + found + " where the schema declares " + declared);
            }
        }
        for (StructField f : actual.fields()) {
            if (!schema.columnNames().contains(f.name())) {
                out.add("column " + f.name() + ": not declared by the schema");
            }
        }
        return out;
    }

    private static List<String> valueViolations(Dataset<Row> table, TableSchema schema) {
        String idColumn = schema.unique().isEmpty() ? null : schema.unique().get(0);
        List<String> labels = new ArrayList<>();
        List<Column> aggregates = new ArrayList<>();
        for (TableSchema.Column c : schema.columns()) {
            for (Check check : checks(c)) {
                labels.add("column " + c.name() + ": " + check.description());
                aggregates.add(sum(when(check.violated(), 1L).otherwise(0L)));
                aggregates.add(idColumn == null ? lit(null)
                        : min(when(check.violated(), col(idColumn).cast("string"))));
            }
            if (isConstant(c)) {
                labels.add("column " + c.name() + ": differs between rows; every row must have the same value");
                aggregates.add(countDistinct(col(c.name())).minus(1));
                aggregates.add(lit(null));
            }
        }
        List<String> out = new ArrayList<>();
        if (!aggregates.isEmpty()) {
            Row counts = table.agg(aggregates.get(0), aggregates.subList(1, aggregates.size()).toArray(new Column[0]))
                    .first();
            for (int i = 0; i < labels.size(); i++) {
                long n = counts.isNullAt(2 * i) ? 0 : ((Number) counts.get(2 * i)).longValue();
                if (n > 0) {
                    Object example = counts.get(2 * i + 1);
                    out.add(labels.get(i) + " (" + n + (n == 1 ? " row" : " rows")
                            + (example == null ? "" : ", e.g. " + idColumn + "=" + example) + ")");
                }
            }
        }
        for (String u : schema.unique()) {
            List<Row> duplicated = table.groupBy(col(u)).agg(count(lit(1)).as("n")).filter(col("n").gt(1))
                    .orderBy(col(u)).limit(3).collectAsList();
            if (!duplicated.isEmpty()) {
                long total = table.groupBy(col(u)).agg(count(lit(1)).as("n")).filter(col("n").gt(1)).count();
                out.add("column " + u + ": " + total + " duplicated values, e.g. " + duplicated.stream()
                        .map(r -> r.get(0) + " ×" + r.getLong(1)).toList());
            }
        }
        return out;
    }

    /** A per-row condition that marks a violation, with its description. */
    private record Check(Column violated, String description) {
    }

    private static List<Check> checks(TableSchema.Column c) {
        List<Check> out = new ArrayList<>();
        String name = c.name();
        DataType type = DataType.fromDDL(c.type());
        if (!c.nullable()) {
            out.add(new Check(col(name).isNull(), "null values in a non-nullable column"));
        }
        if (c.allowed() != null) {
            out.add(new Check(col(name).isNotNull().and(not(col(name).isin(c.allowed().toArray()))),
                    "values outside " + c.allowed()));
        }
        if (c.range() != null) {
            double lo = c.range().get(0);
            double hi = c.range().get(1);
            String bounds = "[" + lo + ", " + hi + "]";
            if (type instanceof ArrayType array) {
                boolean floating = FLOATING.contains(array.elementType().simpleString());
                out.add(new Check(expr("exists(`" + name + "`, v -> v IS NULL" + (floating ? " OR isnan(v)" : "")
                        + " OR v < " + lo + " OR v > " + hi + ")"),
                        "elements that are null, NaN or outside " + bounds));
            } else {
                Column outside = col(name).lt(lo).or(col(name).gt(hi));
                if (FLOATING.contains(type.simpleString())) {
                    outside = outside.or(expr("isnan(`" + name + "`)"));
                }
                out.add(new Check(col(name).isNotNull().and(outside), "values NaN or outside " + bounds));
            }
        }
        if (c.shapeColumn() != null) {
            out.add(new Check(expr("size(`" + name + "`) != aggregate(`" + c.shapeColumn()
                            + "`, 1L, (acc, d) -> acc * d) OR exists(`" + c.shapeColumn() + "`, d -> d IS NULL OR d <= 0)"),
                    "length differs from the product of " + c.shapeColumn() + " (or a non-positive dimension)"));
        }
        return out;
    }

    private static boolean isConstant(TableSchema.Column c) {
        return Boolean.TRUE.equals(c.constant());
    }
}
