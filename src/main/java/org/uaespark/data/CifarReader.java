package org.uaespark.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads CIFAR-10's binary version ({@code data_batch_1.bin} … {@code data_batch_5.bin}, {@code test_batch.bin}):
 * records of one label byte (0–9) and 3,072 pixel bytes, the red, green and blue 32×32 planes row-major. Rows come
 * out as [32, 32, 3] images (height, width, channels) like every image of the pipeline; the files of a split are
 * read in the order given. A file whose length is not a whole number of records, or a label above 9, is an {@link
 * InputValidationException} naming the file.
 */
public final class CifarReader {
    /** Image side. */
    public static final int SIDE = 32;
    /** Bytes of one record: the label and three planes. */
    public static final int RECORD = 1 + 3 * SIDE * SIDE;
    private static final int CLASSES = 10;

    private CifarReader() {
    }

    /**
     * Reads the records of {@code files} in order as one split.
     *
     * @param files      the split's batch files, e.g. the five {@code data_batch_*.bin}
     * @param sourceName recorded as the split's source
     */
    public static RawSplit read(List<Path> files, String sourceName) {
        if (files.isEmpty()) {
            throw new InputValidationException("no CIFAR batch files given for " + sourceName);
        }
        List<byte[]> batches = new ArrayList<>();
        int rows = 0;
        for (Path file : files) {
            byte[] bytes = readAll(file);
            if (bytes.length % RECORD != 0) {
                throw InputValidationException.inFile(file, "length " + bytes.length + " is not a whole number of "
                        + RECORD + "-byte CIFAR records (1 label byte + 3072 pixel bytes)");
            }
            for (int r = 0; r < bytes.length / RECORD; r++) {
                int label = Byte.toUnsignedInt(bytes[r * RECORD]);
                if (label >= CLASSES) {
                    throw InputValidationException.inFile(file, "record " + r + " has label " + label
                            + "; CIFAR-10 labels are 0-9");
                }
            }
            batches.add(bytes);
            rows = Math.addExact(rows, bytes.length / RECORD);
        }
        byte[] all = new byte[Math.multiplyExact(rows, RECORD)];
        int offset = 0;
        for (byte[] b : batches) {
            System.arraycopy(b, 0, all, offset, b.length);
            offset += b.length;
        }
        return new CifarSplit(all, rows, sourceName);
    }

    private static byte[] readAll(Path file) {
        try (InputStream in = InputFiles.open(file)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** Records kept as bytes; a row is materialised channels-last on demand. */
    private record CifarSplit(byte[] data, int rows, String source) implements RawSplit {
        @Override
        public int[] shape() {
            return new int[] {SIDE, SIDE, 3};
        }

        @Override
        public float[] features(int i) {
            int plane = SIDE * SIDE;
            float[] row = new float[3 * plane];
            int base = i * RECORD + 1;
            for (int p = 0; p < plane; p++) {
                for (int c = 0; c < 3; c++) {
                    row[p * 3 + c] = Byte.toUnsignedInt(data[base + c * plane + p]);
                }
            }
            return row;
        }

        @Override
        public Integer label(int i) {
            return Byte.toUnsignedInt(data[i * RECORD]);
        }
    }
}
