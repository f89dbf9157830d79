package org.uaespark.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CIFAR-10's binary records read back as channels-last images, across files, and malformed files refused. */
class CifarReaderTest {
    @TempDir
    Path dir;

    /** Record r: label r % 10, pixel (row, col) of channel c = (r + 3·c + row + col) mod 256. */
    private Path batch(String name, int records, int first) throws IOException {
        byte[] bytes = new byte[records * CifarReader.RECORD];
        for (int r = 0; r < records; r++) {
            int base = r * CifarReader.RECORD;
            bytes[base] = (byte) ((first + r) % 10);
            for (int c = 0; c < 3; c++) {
                for (int row = 0; row < 32; row++) {
                    for (int col = 0; col < 32; col++) {
                        bytes[base + 1 + c * 1024 + row * 32 + col] = (byte) (first + r + 3 * c + row + col);
                    }
                }
            }
        }
        return Files.write(dir.resolve(name), bytes);
    }

    @Test
    void recordsBecomeChannelsLastImagesInFileOrder() throws IOException {
        RawSplit split = CifarReader.read(List.of(batch("a.bin", 3, 0), batch("b.bin", 2, 3)), "cifar train");
        assertEquals(5, split.rows());
        assertArrayEquals(new int[] {32, 32, 3}, split.shape());
        for (int r = 0; r < 5; r++) {
            assertEquals(r % 10, split.label(r));
            float[] image = split.features(r);
            for (int row = 0; row < 32; row += 7) {
                for (int col = 0; col < 32; col += 5) {
                    for (int c = 0; c < 3; c++) {
                        assertEquals((r + 3 * c + row + col) & 0xFF, image[(row * 32 + col) * 3 + c], 0,
                                "record " + r + " (" + row + ", " + col + ", " + c + ")");
                    }
                }
            }
        }
    }

    @Test
    void aTruncatedFileOrALabelAboveNineIsRefusedNamingTheFile() throws IOException {
        Path good = batch("good.bin", 2, 0);
        byte[] bytes = Files.readAllBytes(good);
        Path truncated = Files.write(dir.resolve("truncated.bin"), java.util.Arrays.copyOf(bytes, bytes.length - 1));
        InputValidationException e = assertThrows(InputValidationException.class,
                () -> CifarReader.read(List.of(good, truncated), "cifar"));
        assertTrue(e.getMessage().contains("truncated.bin") && e.getMessage().contains("whole number"),
                e.getMessage());
        bytes[CifarReader.RECORD] = 10;
        Path badLabel = Files.write(dir.resolve("label.bin"), bytes);
        e = assertThrows(InputValidationException.class, () -> CifarReader.read(List.of(badLabel), "cifar"));
        assertTrue(e.getMessage().contains("label.bin") && e.getMessage().contains("record 1 has label 10"),
                e.getMessage());
    }
}
