package org.uaespark.pipeline.executor;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

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

    /**
     * Sends the units still to attack to partitions largest first: the i-th largest unit (ties by unit number) goes
     * to partition i mod partitions. Spark starts a stage's tasks in partition order, so with one partition per
     * unit (the default) the largest units run first and the smallest last, and a core that finishes early takes
     * the next unit: the tail is at most the smallest units, whatever was committed before a resume.
     */
    public static final class UnitPartitioner extends Partitioner {
        private static final long serialVersionUID = 1L;
        private final Map<Integer, Integer> partitionOfUnit;
        private final int partitions;

        private UnitPartitioner(Map<Integer, Integer> partitionOfUnit, int partitions) {
            this.partitionOfUnit = partitionOfUnit;
            this.partitions = partitions;
        }

        /**
         * @param samplesPerUnit samples of every unit to attack (committed units left out)
         * @param partitions     number of Spark partitions, at least 1
         */
        public static UnitPartitioner largestFirst(Map<Integer, Long> samplesPerUnit, int partitions) {
            if (partitions < 1) {
                throw new IllegalArgumentException("partitions must be at least 1, not " + partitions);
            }
            List<Integer> order = new ArrayList<>(samplesPerUnit.keySet());
            order.sort(Comparator.comparing((Integer u) -> samplesPerUnit.get(u)).reversed()
                    .thenComparing(Comparator.naturalOrder()));
            Map<Integer, Integer> assignment = new HashMap<>();
            for (int rank = 0; rank < order.size(); rank++) {
                assignment.put(order.get(rank), rank % partitions);
            }
            return new UnitPartitioner(assignment, partitions);
        }

        /** The partition that runs unit {@code unit}. */
        public int partitionOf(int unit) {
            Integer partition = partitionOfUnit.get(unit);
            if (partition == null) {
                throw new IllegalArgumentException("unit " + unit + " is not among the units to attack");
            }
            return partition;
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
            return o instanceof UnitPartitioner p && p.partitions == partitions
                    && p.partitionOfUnit.equals(partitionOfUnit);
        }

        @Override
        public int hashCode() {
            return Objects.hash(partitions, partitionOfUnit);
        }
    }
}
