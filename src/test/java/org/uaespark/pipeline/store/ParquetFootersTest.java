package org.uaespark.pipeline.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;

import org.apache.hadoop.fs.FileSystem;
import org.apache.parquet.format.ColumnChunk;
import org.apache.parquet.format.FileMetaData;
import org.apache.parquet.format.RowGroup;
import org.apache.parquet.format.Util;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.uaespark.testing.SparkTestSession;

class ParquetFootersTest {
    @TempDir
    Path dir;

    private final SparkSession spark = SparkTestSession.get();

    /** A Parquet file whose footer lists encodings in reversed order: what another JVM may write. */
    private static byte[] withReversedEncodings(byte[] file) throws IOException {
        int n = file.length;
        int len = (file[n - 8] & 0xff) | (file[n - 7] & 0xff) << 8 | (file[n - 6] & 0xff) << 16 | (file[n - 5] & 0xff) << 24;
        FileMetaData md = Util.readFileMetaData(new ByteArrayInputStream(file, n - 8 - len, len));
        for (RowGroup g : md.getRow_groups()) {
            for (ColumnChunk c : g.getColumns()) {
                Collections.reverse(c.getMeta_data().getEncodings());
            }
        }
        ByteArrayOutputStream footer = new ByteArrayOutputStream();
        Util.writeFileMetaData(md, footer);
        assertEquals(len, footer.size());
        byte[] out = file.clone();
        System.arraycopy(footer.toByteArray(), 0, out, n - 8 - len, len);
        return out;
    }

    @Test
    void footersInAnyEncodingOrderBecomeTheSameBytes() throws IOException {
        Path table = dir.resolve("t");
        spark.range(300).selectExpr("id", "cast(id % 7 as string) as s", "array(cast(id as float), 0.5f) as a")
                .coalesce(1).write().parquet(table.toString());
        Path part;
        try (Stream<Path> files = Files.list(table)) {
            part = files.filter(p -> p.getFileName().toString().endsWith(".parquet")).findFirst().orElseThrow();
        }
        FileSystem fs = FileSystem.getLocal(spark.sparkContext().hadoopConfiguration());
        ParquetFooters.canonicalise(fs, new org.apache.hadoop.fs.Path(part.toUri()));
        byte[] canonical = Files.readAllBytes(part);
        assertFalse(ParquetFooters.canonicalise(fs, new org.apache.hadoop.fs.Path(part.toUri())), "idempotent");

        byte[] scrambled = withReversedEncodings(canonical);
        assertNotEquals(Arrays.hashCode(canonical), Arrays.hashCode(scrambled), "the scramble must change bytes");
        Path copyDir = Files.createDirectories(dir.resolve("copy"));
        Path copy = Files.write(copyDir.resolve("part-00000.parquet"), scrambled);
        assertTrue(ParquetFooters.canonicalise(fs, new org.apache.hadoop.fs.Path(copy.toUri())));
        assertArrayEquals(canonical, Files.readAllBytes(copy));

        List<Row> rows = spark.read().parquet(copyDir.toString()).orderBy("id").collectAsList();
        assertEquals(300, rows.size());
        assertEquals("5", rows.get(299).getString(1));
    }
}
