package org.uaespark.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.uaespark.testing.IdxFiles;

class IdxReaderTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void readsImagesAndLabelsRawOrGzipped(boolean gzip) {
        Path images = IdxFiles.images(dir.resolve("img"), 7, 4, 3, gzip);
        Path labels = IdxFiles.labels(dir.resolve("lab"), 7, 5, gzip);
        RawSplit split = IdxReader.readImages(images, labels, "synthetic");
        assertEquals(7, split.rows());
        assertArrayEquals(new int[] {4, 3, 1}, split.shape());
        assertEquals(12, split.featureCount());
        for (int i = 0; i < 7; i++) {
            float[] row = split.features(i);
            for (int j = 0; j < 12; j++) {
                assertEquals(IdxFiles.pixel(i, j), row[j], "pixel " + i + "," + j);
            }
            assertEquals(i % 5, split.label(i));
        }
        assertEquals("synthetic", split.source());
    }

    @Test
    void fourDimensionalImagesKeepTheirChannels() {
        byte[] payload = new byte[2 * 3 * 3 * 2];
        Arrays.fill(payload, (byte) 200);
        Path images = IdxFiles.write(dir.resolve("rgb"), IdxFiles.bytes(0x08, new int[] {2, 3, 3, 2}, payload), false);
        RawSplit split = IdxReader.readImages(images, null, "rgb");
        assertArrayEquals(new int[] {3, 3, 2}, split.shape());
        assertEquals(200f, split.features(1)[17]);
        assertNull(split.label(0));
    }

    @Test
    void headKeepsTheFirstRows() {
        RawSplit split = IdxReader.readImages(IdxFiles.images(dir.resolve("img"), 9, 2, 2, false), null, "s").head(4);
        assertEquals(4, split.rows());
        assertEquals(IdxFiles.pixel(3, 1), split.features(3)[1]);
        assertThrows(IndexOutOfBoundsException.class, () -> split.features(4));
    }

    @Test
    void wrongMagicIsRejectedNamingTheFile() throws IOException {
        Path file = dir.resolve("not-idx");
        Files.write(file, new byte[] {0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 1, 9});
        InputValidationException e = assertThrows(InputValidationException.class, () -> IdxReader.read(file, "an IDX file", 1, 2, 3, 4));
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("wrong magic number 0x504B0304"), e.getMessage());
    }

    @Test
    void unsupportedPayloadTypeIsRejected() {
        Path file = IdxFiles.write(dir.resolve("floats"), IdxFiles.bytes(0x0D, new int[] {1}, new byte[4]), false);
        InputValidationException e = assertThrows(InputValidationException.class, () -> IdxReader.read(file, "an IDX file", 1, 2, 3, 4));
        assertTrue(e.getMessage().contains("unsupported IDX data type 0x0D"), e.getMessage());
    }

    @Test
    void truncatedPayloadIsRejectedWithTheByteCounts() throws IOException {
        byte[] whole = IdxFiles.bytes(0x08, new int[] {10, 4, 4}, new byte[160]);
        Path file = dir.resolve("truncated");
        Files.write(file, Arrays.copyOf(whole, whole.length - 50));
        InputValidationException e = assertThrows(InputValidationException.class, () -> IdxReader.read(file, "an IDX file", 1, 2, 3, 4));
        assertTrue(e.getMessage().contains("truncated payload"), e.getMessage());
        assertTrue(e.getMessage().contains("10×4×4 = 160 bytes but only 110 follow"), e.getMessage());
    }

    @Test
    void truncatedGzipPayloadIsRejected() {
        byte[] whole = IdxFiles.bytes(0x08, new int[] {10, 4, 4}, new byte[160]);
        Path file = IdxFiles.write(dir.resolve("truncated.gz"), Arrays.copyOf(whole, 100), true);
        InputValidationException e = assertThrows(InputValidationException.class, () -> IdxReader.read(file, "an IDX file", 1, 2, 3, 4));
        assertTrue(e.getMessage().contains("truncated payload"), e.getMessage());
    }

    @Test
    void truncatedHeaderIsRejected() throws IOException {
        Path file = dir.resolve("header");
        Files.write(file, new byte[] {0, 0, 8, 3, 0, 0});
        InputValidationException e = assertThrows(InputValidationException.class, () -> IdxReader.read(file, "an IDX file", 1, 2, 3, 4));
        assertTrue(e.getMessage().contains("truncated header"), e.getMessage());
    }

    @Test
    void trailingBytesAreRejected() throws IOException {
        byte[] whole = IdxFiles.bytes(0x08, new int[] {3}, new byte[3]);
        Path file = dir.resolve("long");
        Files.write(file, Arrays.copyOf(whole, whole.length + 5));
        InputValidationException e = assertThrows(InputValidationException.class, () -> IdxReader.read(file, "an IDX file", 1, 2, 3, 4));
        assertTrue(e.getMessage().contains("5 unexpected trailing bytes"), e.getMessage());
    }

    @Test
    void corruptGzipStreamIsRejected() throws IOException {
        Path file = dir.resolve("corrupt.gz");
        Files.write(file, new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3, 4, 5, 6, 7});
        InputValidationException e = assertThrows(InputValidationException.class, () -> IdxReader.read(file, "an IDX file", 1, 2, 3, 4));
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
    }

    @Test
    void imageLabelCountMismatchNamesBothFiles() {
        Path images = IdxFiles.images(dir.resolve("img"), 7, 2, 2, false);
        Path labels = IdxFiles.labels(dir.resolve("lab"), 6, 3, false);
        InputValidationException e = assertThrows(InputValidationException.class,
                () -> IdxReader.readImages(images, labels, "s"));
        assertTrue(e.getMessage().contains("holds 7 images but " + labels + " holds 6 labels"), e.getMessage());
    }

    @Test
    void labelFileWhereImagesExpectedIsRejected() {
        Path labels = IdxFiles.labels(dir.resolve("lab"), 6, 3, false);
        InputValidationException e = assertThrows(InputValidationException.class,
                () -> IdxReader.readImages(labels, null, "s"));
        assertTrue(e.getMessage().contains("magic number 0x00000801 declares 1 dimension(s), but an image file has 3 or 4"),
                e.getMessage());
    }

    @Test
    void aDimensionCountThatIsNoImageFilesIsNamedBeforeAnyDimensionIsRead() throws IOException {
        byte[] mnist = IdxFiles.bytes(0x08, new int[] {2, 28, 28}, new byte[2 * 28 * 28]);
        mnist[3] = 5;
        Path file = Files.write(dir.resolve("five-dims"), mnist);
        InputValidationException e = assertThrows(InputValidationException.class, () -> IdxReader.readImages(file, null, "s"));
        assertTrue(e.getMessage().contains("magic number 0x00000805 declares 5 dimension(s), but an image file has 3 or 4"),
                e.getMessage());
    }

    @Test
    void aHeaderClaimingMoreThanTheFileHoldsIsTruncatedNotAnOutOfMemoryError() throws IOException {
        // 100 bytes that claim 45,000 × 230 × 230 ≈ 2.4 GB of pixels, then ≈ 1.1 GB.
        byte[] header = IdxFiles.bytes(0x08, new int[] {45_000, 230, 230}, new byte[0]);
        Path file = Files.write(dir.resolve("liar"), Arrays.copyOf(header, 100));
        InputValidationException e = assertThrows(InputValidationException.class, () -> IdxReader.readImages(file, null, "s"));
        assertTrue(e.getMessage().contains("more than one driver-side read holds"), e.getMessage());
        byte[] smaller = IdxFiles.bytes(0x08, new int[] {20_000, 230, 230}, new byte[0]);
        Path claimsOneGigabyte = Files.write(dir.resolve("liar-1g"), Arrays.copyOf(smaller, 100));
        e = assertThrows(InputValidationException.class, () -> IdxReader.readImages(claimsOneGigabyte, null, "s"));
        assertTrue(e.getMessage().contains("20000×230×230 = 1058000000 bytes but only 84 follow"), e.getMessage());
    }

    @Test
    void dimensionsWhoseProductWouldOverflowALongAreRejected() throws IOException {
        int big = Integer.MAX_VALUE;
        // 2 × (2³¹ − 1)⁴ is past a long's range; the check after every factor stops at the second.
        Path file = Files.write(dir.resolve("overflow"), IdxFiles.bytes(0x08, new int[] {2, big, big, big}, new byte[0]));
        InputValidationException e = assertThrows(InputValidationException.class, () -> IdxReader.readImages(file, null, "s"));
        assertTrue(e.getMessage().contains("the header declares 2×2147483647 values, more than one driver-side read"),
                e.getMessage());
    }

    @Test
    void missingAndEmptyFilesAreRejected() throws IOException {
        Path missing = dir.resolve("missing");
        assertTrue(assertThrows(InputValidationException.class, () -> IdxReader.read(missing, "an IDX file", 1))
                .getMessage().equals(missing + ": file not found"));
        Path empty = Files.createFile(dir.resolve("empty"));
        assertTrue(assertThrows(InputValidationException.class, () -> IdxReader.read(empty, "an IDX file", 1))
                .getMessage().equals(empty + ": file is empty"));
    }
}
