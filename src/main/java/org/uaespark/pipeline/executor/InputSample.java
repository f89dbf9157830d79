package org.uaespark.pipeline.executor;

import java.io.Serializable;

import org.apache.spark.sql.Row;

/**
 * One training row of the {@code dataset} table as the attack reads it.
 *
 * @param sampleId the row's stable id
 * @param features flattened features in [0, 1]
 * @param shape    shape of one sample
 * @param label    the label, or null
 */
public record InputSample(String sampleId, float[] features, int[] shape, Integer label) implements Serializable {
    /** Reads the {@code sample_id}, {@code features}, {@code shape} and {@code label} cells of a dataset row. */
    public static InputSample of(Row row) {
        int label = row.fieldIndex("label");
        return new InputSample(row.getString(row.fieldIndex("sample_id")), Cells.floats(row.get(row.fieldIndex("features"))),
                Cells.ints(row.get(row.fieldIndex("shape"))), row.isNullAt(label) ? null : row.getInt(label));
    }
}
