package org.uaespark.results;

import org.uaespark.pipeline.EvaluationMetrics;

/**
 * One folder of {@code results/}: the run's record, its metrics and the reading written for it.
 *
 * @param record  {@code result.json}
 * @param metrics {@code metrics.json}, as the evaluate stage wrote it
 * @param reading {@code reading.md}: what the numbers say, in a few sentences
 */
public record PublishedRun(RunRecord record, EvaluationMetrics metrics, String reading) {
    /** The file name of the reading. */
    public static final String READING = "reading.md";
}
