package org.uaespark.pipeline.ml;

import java.io.Serializable;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

import ai.djl.Device;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

import org.uaespark.data.InputValidationException;
import org.uaespark.pipeline.executor.Cells;
import org.uaespark.pipeline.executor.InputSample;
import org.uaespark.pipeline.executor.SampleAttacker;
import org.uaespark.pipeline.executor.TaskDevices;

/**
 * What {@link UaeAugmenter} runs on each partition: takes {@code batchSize} input rows at a time from the partition's
 * iterator as the output is consumed (a partition is never held whole), attacks them, and yields for each made row
 * the input row's values followed by the made row's {@code appended} columns.
 *
 * @param attacker      the attack, its model and seeds
 * @param batchSize     input rows attacked together
 * @param expectedShape the model's input shape
 * @param fallbackDevice DJL device of tasks without a Spark-assigned GPU
 * @param columns       where the sample's fields are in an input row
 * @param appended      indexes, in the {@code augmented} table's schema, of the columns the output appends
 */
record StreamingAugmenter(SampleAttacker attacker, int batchSize, int[] expectedShape, String fallbackDevice,
        Columns columns, int[] appended) implements Serializable {

    /**
     * Input column positions.
     *
     * @param id       sample id
     * @param features features
     * @param shape    shape
     * @param label    label, or −1 without labels
     * @param idName   the id column's name, for messages
     */
    record Columns(int id, int features, int shape, int label, String idName) implements Serializable {
    }

    /** The output rows of one partition, made as they are consumed. */
    Iterator<Row> augment(Iterator<Row> input) {
        Device device = TaskDevices.current(fallbackDevice);
        return new Iterator<>() {
            private final Deque<Row> ready = new ArrayDeque<>();

            @Override
            public boolean hasNext() {
                while (ready.isEmpty() && input.hasNext()) {
                    attackNextBatch();
                }
                return !ready.isEmpty();
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return ready.poll();
            }

            private void attackNextBatch() {
                List<Row> rows = new ArrayList<>(batchSize);
                List<InputSample> samples = new ArrayList<>(batchSize);
                while (rows.size() < batchSize && input.hasNext()) {
                    Row row = input.next();
                    rows.add(row);
                    samples.add(sample(row));
                }
                for (SampleAttacker.Made made : attacker.attackWithOrigins(samples, device)) {
                    ready.add(merge(rows.get(made.origin()), made.row()));
                }
            }
        };
    }

    private InputSample sample(Row row) {
        if (row.isNullAt(columns.id()) || row.isNullAt(columns.features()) || row.isNullAt(columns.shape())) {
            throw new InputValidationException("a row has a null " + columns.idName() + ", features or shape: " + row);
        }
        String id = row.getString(columns.id());
        int[] shape = Cells.ints(row.get(columns.shape()));
        if (!Arrays.equals(shape, expectedShape)) {
            throw new InputValidationException("sample " + id + " has shape " + Arrays.toString(shape)
                    + " but the model takes " + Arrays.toString(expectedShape));
        }
        Integer label = columns.label() < 0 || row.isNullAt(columns.label()) ? null : row.getInt(columns.label());
        return new InputSample(id, Cells.floats(row.get(columns.features())), shape, label);
    }

    private Row merge(Row input, Row made) {
        Object[] values = new Object[input.length() + appended.length];
        for (int i = 0; i < input.length(); i++) {
            values[i] = input.get(i);
        }
        for (int j = 0; j < appended.length; j++) {
            values[input.length() + j] = made.get(appended[j]);
        }
        return RowFactory.create(values);
    }
}
