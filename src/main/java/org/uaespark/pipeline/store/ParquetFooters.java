package org.uaespark.pipeline.store;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.format.ColumnChunk;
import org.apache.parquet.format.ColumnMetaData;
import org.apache.parquet.format.Encoding;
import org.apache.parquet.format.FileMetaData;
import org.apache.parquet.format.PageEncodingStats;
import org.apache.parquet.format.RowGroup;
import org.apache.parquet.format.Util;

/**
 * Makes Parquet files written by parquet-mr 1.13 byte-reproducible. parquet-mr collects each column chunk's
 * encodings in a {@code HashSet} of enum constants, whose iteration order follows identity hash codes and so
 * changes from one JVM to the next (apache/parquet-java#3215): identical data gives files that differ only
 * in the order of the footer's {@code encodings} lists. This class sorts those lists (and the per-page
 * encoding statistics) and rewrites the footer; data pages are copied unchanged, and the footer keeps its
 * length because the same values are re-encoded in another order.
 */
final class ParquetFooters {
    private static final byte[] MAGIC = "PAR1".getBytes(StandardCharsets.US_ASCII);
    private static final int TAIL = 8;

    private ParquetFooters() {
    }

    /** Rewrites {@code file}'s footer in canonical order if it is not already; returns whether it changed. */
    static boolean canonicalise(FileSystem fs, Path file) throws IOException {
        long length = fs.getFileStatus(file).getLen();
        if (length < 2L * MAGIC.length + TAIL) {
            throw new IOException(file + " is too short to be a Parquet file");
        }
        byte[] tail = new byte[TAIL];
        byte[] footer;
        try (FSDataInputStream in = fs.open(file)) {
            in.readFully(length - TAIL, tail);
            if (!Arrays.equals(Arrays.copyOfRange(tail, 4, 8), MAGIC)) {
                throw new IOException(file + " does not end with the Parquet magic bytes");
            }
            int footerLength = (tail[0] & 0xff) | (tail[1] & 0xff) << 8 | (tail[2] & 0xff) << 16 | (tail[3] & 0xff) << 24;
            footer = new byte[footerLength];
            in.readFully(length - TAIL - footerLength, footer);
        }
        FileMetaData metadata = Util.readFileMetaData(new ByteArrayInputStream(footer));
        sortEncodings(metadata);
        ByteArrayOutputStream rewritten = new ByteArrayOutputStream(footer.length);
        Util.writeFileMetaData(metadata, rewritten);
        byte[] canonical = rewritten.toByteArray();
        if (Arrays.equals(canonical, footer)) {
            return false;
        }
        if (canonical.length != footer.length) {
            throw new IOException(file + ": canonical footer has " + canonical.length + " bytes, the original "
                    + footer.length + "; refusing to rewrite");
        }
        Path temp = new Path(file.getParent(), "." + file.getName() + ".canonical");
        try (InputStream in = fs.open(file); OutputStream out = fs.create(temp, true)) {
            copy(in, out, length - TAIL - footer.length);
            out.write(canonical);
            out.write(tail);
        }
        if (!fs.delete(file, false) || !fs.rename(temp, file)) {
            throw new IOException("cannot replace " + file + " with its canonical copy " + temp);
        }
        return true;
    }

    static void sortEncodings(FileMetaData metadata) {
        for (RowGroup group : metadata.getRow_groups()) {
            for (ColumnChunk chunk : group.getColumns()) {
                ColumnMetaData column = chunk.getMeta_data();
                if (column == null) {
                    continue;
                }
                List<Encoding> encodings = column.getEncodings();
                if (encodings != null) {
                    encodings.sort(Comparator.comparingInt(Encoding::getValue));
                }
                List<PageEncodingStats> stats = column.getEncoding_stats();
                if (stats != null) {
                    stats.sort(Comparator.<PageEncodingStats>comparingInt(s -> s.getPage_type().getValue())
                            .thenComparingInt(s -> s.getEncoding().getValue()));
                }
            }
        }
    }

    private static void copy(InputStream in, OutputStream out, long bytes) throws IOException {
        byte[] buffer = new byte[1 << 16];
        long left = bytes;
        while (left > 0) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                throw new IOException("file shorter than expected while copying");
            }
            out.write(buffer, 0, n);
            left -= n;
        }
    }
}
