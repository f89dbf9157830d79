package org.uaespark.pipeline.executor;

import java.io.Serializable;
import java.util.List;

import org.uaespark.models.ModelConfig;

/**
 * One training run of the retrain grid: a model trained from scratch on one arm's training set.
 *
 * @param model         the model's name in the run (its kind, e.g. {@code dense})
 * @param arm           the arm ({@code original}, {@code duplicate}, {@code original-2x}, or an augmented table)
 * @param repeat        repeat index (0 for arms without repeats)
 * @param name          the cell's folder name: the arm, with {@code -r<repeat>} for repeated arms
 * @param config        recipe (epochs already doubled for {@code original-2x}) and input shape
 * @param seed          initialisation and shuffling seed
 * @param datasetDir    the dataset table
 * @param appended      what is appended to the train split, in order
 * @param target        where the model is published
 * @param stagingRoot   the run's staging folder
 * @param fingerprint   what determines the result
 * @param device        DJL device
 * @param torchThreads  PyTorch intra-op threads
 * @param evalBatchSize rows per batch when computing errors
 */
public record GridCell(String model, String arm, int repeat, String name, ModelConfig config, long seed,
        String datasetDir, List<AppendedRows> appended, String target, String stagingRoot, String fingerprint,
        String device, int torchThreads, int evalBatchSize) implements Serializable {
    public GridCell {
        appended = List.copyOf(appended);
    }

    /**
     * Rows appended to the train split: an augmented table's rows, or an unperturbed copy of the train rows a table
     * was generated from.
     *
     * @param table   the augmented table; for a copy, the table whose origin rows are copied (null: the whole train
     *                split)
     * @param repeat  the table rows' {@code repeat} to use, or −1 for all (ignored by copies)
     * @param copy    append the unperturbed train rows the table was made from instead of its rows
     * @param metOnly only the table's rows that met the criterion (ignored by copies)
     */
    public record AppendedRows(String table, int repeat, boolean copy, boolean metOnly) implements Serializable {
    }
}
