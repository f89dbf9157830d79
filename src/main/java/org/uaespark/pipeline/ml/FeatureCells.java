package org.uaespark.pipeline.ml;

import java.util.Arrays;

import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

import org.uaespark.pipeline.executor.Cells;

/**
 * The kinds of feature column {@link UaeAugmenter} reads, and how a made sample is written back in the same kind:
 * {@code array<float>} (the pipeline's own tables), {@code array<double>} (a DataFrame from pandas or Python lists)
 * and an MLlib {@code Vector} (the output of an MLlib stage such as {@code VectorAssembler} or {@code MinMaxScaler}).
 * The attack itself runs in float32, so doubles are rounded to float on the way in and widened on the way out.
 */
enum FeatureCells {
    /** {@code array<float>}. */
    FLOAT_ARRAY(DataTypes.createArrayType(DataTypes.FloatType, false)),
    /** {@code array<double>}. */
    DOUBLE_ARRAY(DataTypes.createArrayType(DataTypes.DoubleType, false)),
    /** An MLlib {@code Vector}, dense or sparse. */
    VECTOR(SQLDataTypes.VectorType());

    private final DataType type;

    FeatureCells(DataType type) {
        this.type = type;
    }

    /** What the input column holds, in Spark's words, for messages. */
    static String accepted() {
        return "array<float>, array<double> or vector";
    }

    /**
     * The kind of the column of type {@code actual}.
     *
     * @throws IllegalArgumentException naming the column and the kinds accepted
     */
    static FeatureCells of(String column, DataType actual) {
        if (actual instanceof ArrayType array) {
            if (array.elementType().equals(DataTypes.FloatType)) {
                return FLOAT_ARRAY;
            }
            if (array.elementType().equals(DataTypes.DoubleType)) {
                return DOUBLE_ARRAY;
            }
        } else if (actual.equals(SQLDataTypes.VectorType())) {
            return VECTOR;
        }
        throw new IllegalArgumentException("input column " + column + " must be " + accepted() + ", not "
                + actual.simpleString());
    }

    /** The output column's type: the input's kind. */
    DataType type() {
        return type;
    }

    /** One cell's values as float32. */
    float[] read(Object cell) {
        return this == VECTOR ? Cells.floats(((Vector) cell).toArray()) : Cells.floats(cell);
    }

    /** A made sample's values (float32) as a cell of this kind. */
    Object write(float[] values) {
        if (this == FLOAT_ARRAY) {
            return values;
        }
        double[] wide = new double[values.length];
        Arrays.setAll(wide, i -> values[i]);
        return this == VECTOR ? Vectors.dense(wide) : wide;
    }
}
