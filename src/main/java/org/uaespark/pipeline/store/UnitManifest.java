package org.uaespark.pipeline.store;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The manifest of one committed work unit ({@code unit-000042.json} in a {@link ShardStore}), written last: which
 * samples it holds and where, how and how fast they were processed. Fields are written in alphabetical order.
 *
 * @param attempt       the Spark task attempt that committed it (0 outside Spark)
 * @param batchSize     samples per batch
 * @param device        the device the task ran on
 * @param executor      the executor id ({@code driver} outside Spark)
 * @param firstSampleId the unit's first sample id
 * @param host          the host name
 * @param partition     the Spark partition (-1 outside Spark)
 * @param rows          rows written
 * @param samples       samples processed
 * @param seconds       processing time
 * @param unit          the unit number
 */
@JsonPropertyOrder(alphabetic = true)
public record UnitManifest(int attempt, int batchSize, String device, String executor, String firstSampleId,
        String host, int partition, int rows, int samples, double seconds, int unit) {
}
