package org.uaespark.pipeline.executor;

import org.apache.spark.Partitioner;

/** Puts the rows of block k (a long key) in partition k: one whole evaluation block per partition. */
public final class BlockPartitioner extends Partitioner {
    private final int blocks;

    /** @param blocks how many blocks, and partitions */
    public BlockPartitioner(int blocks) {
        this.blocks = blocks;
    }

    @Override
    public int numPartitions() {
        return blocks;
    }

    @Override
    public int getPartition(Object key) {
        return Math.toIntExact((Long) key);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BlockPartitioner p && p.blocks == blocks;
    }

    @Override
    public int hashCode() {
        return blocks;
    }
}
