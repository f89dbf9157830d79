package org.uaespark.pipeline.executor;

import java.io.Serializable;

import org.apache.spark.Partitioner;

import org.uaespark.data.Seeds;

/**
 * Splits samples into work units by a hash of their id ({@code unit = key(sample_id) mod units}; never by random
 * keys, which a retried task would redraw: SPARK-23207). A unit is attacked as a whole, in sample-id order, and
 * committed as one shard, so its batches, and therefore its rows, do not depend on how many Spark partitions or
 * executors share the work; partitions only decide which task runs which units.
 */
public final class WorkUnits {
    private WorkUnits() {
    }

    /** Units for {@code samples} samples at about {@code samplesPerUnit} each (at least one). */
    public static int count(long samples, int samplesPerUnit) {
        return (int) Math.max(1, (samples + samplesPerUnit - 1) / samplesPerUnit);
    }

    /** The unit of sample {@code sampleId}. */
    public static int unitOf(String sampleId, int units) {
        return (int) Math.floorMod(Seeds.key(sampleId), (long) units);
    }

    /**
     * Sort key of a sample inside the shuffle: by unit, then by id.
     *
     * @param unit     the sample's unit
     * @param sampleId the sample's id
     */
    public record Key(int unit, String sampleId) implements Comparable<Key>, Serializable {
        @Override
        public int compareTo(Key o) {
            int c = Integer.compare(unit, o.unit);
            return c != 0 ? c : sampleId.compareTo(o.sampleId);
        }
    }

    /** Sends unit {@code u} to partition {@code u mod partitions}. */
    public static final class UnitPartitioner extends Partitioner {
        private static final long serialVersionUID = 1L;
        private final int partitions;

        /** @param partitions number of Spark partitions */
        public UnitPartitioner(int partitions) {
            this.partitions = partitions;
        }

        /** The partition that runs unit {@code unit}. */
        public int partitionOf(int unit) {
            return unit % partitions;
        }

        @Override
        public int numPartitions() {
            return partitions;
        }

        @Override
        public int getPartition(Object key) {
            return partitionOf(((Key) key).unit());
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof UnitPartitioner p && p.partitions == partitions;
        }

        @Override
        public int hashCode() {
            return partitions;
        }
    }
}
