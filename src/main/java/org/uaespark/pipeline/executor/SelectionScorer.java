package org.uaespark.pipeline.executor;

import java.io.Serializable;

import org.apache.spark.api.java.function.Function;

import org.uaespark.classify.ExtraTrees;
import org.uaespark.pipeline.store.HadoopConf;
import org.uaespark.pipeline.store.TableRows;

/**
 * One grid cell's selected-feature accuracy as a Spark task: reads the original train and test rows with their
 * labels from the dataset table, fits extremely randomized trees on the cell's selected columns of the train rows
 * and returns their accuracy on the test rows' same columns.
 *
 * @param hadoop file-system configuration
 */
public record SelectionScorer(HadoopConf hadoop) implements Function<SelectionScorer.Cell, Double> {

    /**
     * @param dir        the cell's model folder (its key in the results)
     * @param datasetDir the dataset table
     * @param columns    the selected features
     * @param trees      forest size
     * @param seed       the forest's seed
     */
    public record Cell(String dir, String datasetDir, int[] columns, int trees, long seed) implements Serializable {
    }

    @Override
    public Double call(Cell cell) {
        TableRows.Labelled train = TableRows.labelled(hadoop, cell.datasetDir(), TableRows.stringEquals("split", "train"));
        TableRows.Labelled test = TableRows.labelled(hadoop, cell.datasetDir(), TableRows.stringEquals("split", "test"));
        return ExtraTrees.fit(train.features(), cell.columns(), train.labels(), cell.trees(), cell.seed())
                .accuracy(test.features(), cell.columns(), test.labels());
    }
}
