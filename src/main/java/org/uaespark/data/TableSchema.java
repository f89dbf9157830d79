package org.uaespark.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The declared schema of one of the project's Parquet tables, read from {@code data-schemas/<table>.schema.json}
 * (the top-level folder, carried inside the jar). These files are the single source of truth: writers
 * build their output schema from them and every stage validates its input against them at run time.
 *
 * @param table       table name, e.g. {@code dataset}
 * @param version     schema version, recorded in every table's provenance
 * @param description what one row is
 * @param columns     the columns in order
 * @param unique      columns whose values must be unique across the table
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public record TableSchema(
        @JsonProperty("table") String table,
        @JsonProperty("version") int version,
        @JsonProperty("description") String description,
        @JsonProperty("columns") List<Column> columns,
        @JsonProperty("unique") List<String> unique) {

    /** Classpath folder holding the schema files. */
    public static final String RESOURCE_DIR = "data-schemas/";

    /**
     * One column.
     *
     * @param name        column name
     * @param type        Spark SQL DDL type, e.g. {@code array<float>}
     * @param nullable    whether null values are allowed
     * @param description meaning and units
     * @param allowed     the only values allowed (string columns), or null
     * @param range       inclusive [lo, hi] every value (or array element) must lie in, NaN excluded; or null
     * @param shapeColumn for a flattened array: the {@code array<int>} column whose product must equal its length
     * @param constant    whether every row must hold the same value (e.g. the sample shape of a table)
     */
    @JsonIgnoreProperties(ignoreUnknown = false)
    public record Column(
            @JsonProperty("name") String name,
            @JsonProperty("type") String type,
            @JsonProperty("nullable") boolean nullable,
            @JsonProperty("description") String description,
            @JsonProperty("allowed") List<String> allowed,
            @JsonProperty("range") List<Double> range,
            @JsonProperty("shapeColumn") String shapeColumn,
            @JsonProperty("constant") Boolean constant) {
        public Column {
            Objects.requireNonNull(name, "column name");
            Objects.requireNonNull(type, "type of column " + name);
            if (range != null && (range.size() != 2 || range.get(0) > range.get(1))) {
                throw new IllegalArgumentException("column " + name + ": range must be [lo, hi] with lo <= hi");
            }
        }
    }

    public TableSchema {
        columns = List.copyOf(columns);
        unique = unique == null ? List.of() : List.copyOf(unique);
        for (String u : unique) {
            if (columns.stream().noneMatch(c -> c.name().equals(u))) {
                throw new IllegalArgumentException("schema " + table + ": unique column " + u + " is not declared");
            }
        }
        for (Column c : columns) {
            if (c.shapeColumn() != null && columns.stream().noneMatch(o -> o.name().equals(c.shapeColumn()))) {
                throw new IllegalArgumentException("schema " + table + ": shape column " + c.shapeColumn()
                        + " of " + c.name() + " is not declared");
            }
        }
    }

    /** Loads {@code data-schemas/<table>.schema.json} from the classpath. */
    public static TableSchema load(String table) {
        String resource = RESOURCE_DIR + table + ".schema.json";
        try (InputStream in = TableSchema.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("schema file " + resource + " is not on the classpath");
            }
            return new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .readValue(in, TableSchema.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse schema file " + resource, e);
        }
    }

    /** The column called {@code name}; fails when the schema does not declare it. */
    public Column column(String name) {
        return columns.stream().filter(c -> c.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("table " + table + " has no column " + name));
    }

    /** Column names in declared order. */
    public List<String> columnNames() {
        return columns.stream().map(Column::name).toList();
    }
}
