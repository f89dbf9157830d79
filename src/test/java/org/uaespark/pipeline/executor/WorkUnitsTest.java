package org.uaespark.pipeline.executor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;

import org.junit.jupiter.api.Test;

/** How the units still to attack are dealt to Spark partitions. */
class WorkUnitsTest {
    private static final Map<Integer, Long> SIZES = Map.of(0, 60L, 3, 71L, 4, 58L, 7, 66L, 9, 66L);

    @Test
    void onePartitionPerUnitRunsTheLargestUnitsFirst() {
        WorkUnits.UnitPartitioner p = WorkUnits.UnitPartitioner.largestFirst(SIZES, SIZES.size());
        assertEquals(5, p.numPartitions());
        // 71 (unit 3), 66 (units 7 and 9, by number), 60 (unit 0), 58 (unit 4)
        assertEquals(0, p.partitionOf(3));
        assertEquals(1, p.partitionOf(7));
        assertEquals(2, p.partitionOf(9));
        assertEquals(3, p.partitionOf(0));
        assertEquals(4, p.partitionOf(4));
        assertEquals(2, p.getPartition(new WorkUnits.Key(9, "any-id")));
    }

    @Test
    void fewerPartitionsAreDealtRoundRobinInSizeOrder() {
        WorkUnits.UnitPartitioner p = WorkUnits.UnitPartitioner.largestFirst(SIZES, 2);
        assertEquals(Map.of(3, 0, 7, 1, 9, 0, 0, 1, 4, 0),
                Map.of(3, p.partitionOf(3), 7, p.partitionOf(7), 9, p.partitionOf(9), 0, p.partitionOf(0), 4,
                        p.partitionOf(4)));
    }

    @Test
    void aCommittedUnitOrABadCountIsRefused() {
        WorkUnits.UnitPartitioner p = WorkUnits.UnitPartitioner.largestFirst(SIZES, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> p.partitionOf(5));
        assertEquals("unit 5 is not among the units to attack", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> WorkUnits.UnitPartitioner.largestFirst(SIZES, 0));
    }

    @Test
    void partitionersAreEqualWhenTheyDealAlike() {
        assertEquals(WorkUnits.UnitPartitioner.largestFirst(SIZES, 2), WorkUnits.UnitPartitioner.largestFirst(SIZES, 2));
        assertEquals(WorkUnits.UnitPartitioner.largestFirst(SIZES, 2).hashCode(),
                WorkUnits.UnitPartitioner.largestFirst(Map.copyOf(SIZES), 2).hashCode());
    }
}
