package org.uaespark.pipeline;

import static org.apache.spark.sql.functions.col;

import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import scala.Tuple2;

/**
 * Lays a table out so that its files do not depend on the cluster: rows are ranked by a unique key, and
 * partition {@code i} holds exactly ranks {@code [i·rowsPerFile, (i+1)·rowsPerFile)} in key order. Writing the
 * result gives the same files, byte for byte, for any number of input partitions, executors or cores.
 * The key must be unique (the tables' declared {@code unique} column); with duplicates the order among
 * equal keys would be arbitrary.
 */
public final class ContiguousLayout {
    private ContiguousLayout() {
    }

    /** Returns {@code table} sorted by {@code keyColumn} in contiguous blocks of {@code rowsPerFile} rows. */
    public static Dataset<Row> arrange(Dataset<Row> table, String keyColumn, int rowsPerFile) {
        if (rowsPerFile <= 0) {
            throw new IllegalArgumentException("rowsPerFile must be positive");
        }
        JavaRDD<Row> sorted = table.sort(col(keyColumn)).javaRDD();
        var ranked = sorted.zipWithIndex().mapToPair(t -> new Tuple2<>(t._2(), t._1()));
        long rows = ranked.count();
        int blocks = (int) Math.max(1, (rows + rowsPerFile - 1) / rowsPerFile);
        JavaRDD<Row> arranged = ranked.repartitionAndSortWithinPartitions(new BlockPartitioner(blocks, rowsPerFile))
                .values();
        return table.sparkSession().createDataFrame(arranged, table.schema());
    }

    /** Sends rank {@code r} to partition {@code r / rowsPerBlock}. */
    static final class BlockPartitioner extends Partitioner {
        private static final long serialVersionUID = 1L;
        private final int blocks;
        private final int rowsPerBlock;

        BlockPartitioner(int blocks, int rowsPerBlock) {
            this.blocks = blocks;
            this.rowsPerBlock = rowsPerBlock;
        }

        @Override
        public int numPartitions() {
            return blocks;
        }

        @Override
        public int getPartition(Object rank) {
            return (int) Math.min(blocks - 1, (Long) rank / rowsPerBlock);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof BlockPartitioner b && b.blocks == blocks && b.rowsPerBlock == rowsPerBlock;
        }

        @Override
        public int hashCode() {
            return 31 * blocks + rowsPerBlock;
        }
    }
}
