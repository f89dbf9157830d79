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
 * iterator as the output is consumed (a partition is never held whole), checks and attacks them, and yields for each
 * made row the input row's values followed by the made row's {@code appended} columns, its features written in the
 * input's kind.
 *
 * @param attacker       the attack, its model and seeds
 * @param batchSize      input rows attacked together
 * @param model          the shape of the samples the model takes, and how strictly a row's own shape must match it
 * @param fallbackDevice DJL device of tasks without a Spark-assigned GPU
 * @param columns        where the sample's fields are in an input row
 * @param appended       indexes, in the {@code augmented} table's schema, of the columns the output appends
 * @param madeFeatures   the position of the features among {@code appended}
 */
record StreamingAugmenter(SampleAttacker attacker, int batchSize, ModelShape model, String fallbackDevice,
        Columns columns, int[] appended, int madeFeatures) implements Serializable {

    /**
     * The samples a model takes.
     *
     * @param shape one sample's shape as the model takes it
     * @param exact whether a row's own shape must be {@code shape} itself (a model of the run), or only hold as many
     *              values (a TorchScript file, which reshapes its input)
     */
    record ModelShape(int[] shape, boolean exact) implements Serializable {
        long size() {
            return size(shape);
        }

        static long size(int[] shape) {
            return Arrays.stream(shape).asLongStream().reduce(1, Math::multiplyExact);
        }
    }

    /**
     * Input column positions and kinds.
     *
     * @param id           sample id (string, int or bigint)
     * @param features     features
     * @param featureCells the features column's kind
     * @param shape        each sample's shape, or −1: every sample has the model's shape
     * @param names        the id, features and shape columns' names, for messages
     */
    record Columns(int id, int features, FeatureCells featureCells, int shape, List<String> names)
            implements Serializable {
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

    /**
     * The row's sample, checked: an id, features in [0, 1] (the attack's box) and a shape the model takes.
     *
     * @throws InputValidationException naming the sample and the column at fault
     */
    private InputSample sample(Row row) {
        if (row.isNullAt(columns.id())) {
            throw new InputValidationException("input column " + columns.names().get(0) + " is null in row " + row);
        }
        String id = String.valueOf(row.get(columns.id()));
        String featuresName = columns.names().get(1);
        if (row.isNullAt(columns.features())) {
            throw new InputValidationException("sample " + id + ": input column " + featuresName + " is null");
        }
        float[] features = columns.featureCells().read(row.get(columns.features()));
        for (int i = 0; i < features.length; i++) {
            if (!(features[i] >= 0 && features[i] <= 1)) {
                throw new InputValidationException("sample " + id + ": input column " + featuresName + " holds "
                        + features[i] + " at " + i + "; the attack's box is [0, 1] (scale the features first, e.g. "
                        + "with MinMaxScaler)");
            }
        }
        if (columns.shape() >= 0 && row.isNullAt(columns.shape())) {
            throw new InputValidationException("sample " + id + ": input column " + columns.names().get(2)
                    + " is null");
        }
        int[] shape = columns.shape() < 0 ? model.shape() : Cells.ints(row.get(columns.shape()));
        boolean fits = model.exact() ? Arrays.equals(shape, model.shape())
                : ModelShape.size(shape) == model.size();
        if (!fits || features.length != model.size()) {
            throw new InputValidationException("sample " + id + " has " + features.length + " features of shape "
                    + Arrays.toString(shape) + " but the model takes samples of shape " + Arrays.toString(model.shape()));
        }
        if (!Arrays.equals(shape, model.shape())) {
            attacker.augmentation().requireApplicable(shape);
        }
        return new InputSample(id, features, shape, null);
    }

    private Row merge(Row input, Row made) {
        Object[] values = new Object[input.length() + appended.length];
        for (int i = 0; i < input.length(); i++) {
            values[i] = input.get(i);
        }
        for (int j = 0; j < appended.length; j++) {
            Object cell = made.get(appended[j]);
            values[input.length() + j] = j == madeFeatures ? columns.featureCells().write(Cells.floats(cell)) : cell;
        }
        return RowFactory.create(values);
    }
}
