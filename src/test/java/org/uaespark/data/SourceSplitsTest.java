package org.uaespark.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.uaespark.testing.IdxFiles;

class SourceSplitsTest {
    @TempDir
    Path dir;

    private static RawSplit indexRows(int n) {
        return new RawSplit() {
            @Override public int rows() { return n; }
            @Override public int[] shape() { return new int[] {1}; }
            @Override public float[] features(int i) { return new float[] {i}; }
            @Override public Integer label(int i) { return null; }
            @Override public String source() { return "index"; }
        };
    }

    @Test
    void carvedSplitsPartitionTheRowsAndKeepSourceIndices() {
        SourceSplits s = SourceSplits.carve(indexRows(10_000), 0.2, 42);
        Set<Long> seen = new HashSet<>();
        for (RawSplit split : new RawSplit[] {s.train(), s.test()}) {
            for (int i = 0; i < split.rows(); i++) {
                assertEquals(split.sourceIndex(i), (long) split.features(i)[0]);
                assertTrue(seen.add(split.sourceIndex(i)), "row in both splits");
            }
        }
        assertEquals(10_000, seen.size());
        // Binomial(10000, 0.2): mean 2000, sd 40; 5 sd either side.
        assertTrue(Math.abs(s.test().rows() - 2000) < 200, "test rows " + s.test().rows());
    }

    @Test
    void carvingIsAFunctionOfSeedAndIndexOnly() {
        SourceSplits a = SourceSplits.carve(indexRows(500), 0.3, 9);
        SourceSplits b = SourceSplits.carve(indexRows(2000), 0.3, 9);
        for (int i = 0; i < a.test().rows(); i++) {
            assertEquals(a.test().sourceIndex(i), b.test().sourceIndex(i));
        }
        SourceSplits other = SourceSplits.carve(indexRows(500), 0.3, 10);
        boolean differs = false;
        for (int i = 0; i < Math.min(a.test().rows(), other.test().rows()); i++) {
            differs |= a.test().sourceIndex(i) != other.test().sourceIndex(i);
        }
        assertTrue(differs, "another seed must give another split");
        assertEquals(0, SourceSplits.carve(indexRows(50), 0, 1).test().rows());
    }

    @Test
    void testFilesMustHaveTheTrainFeatureCount() {
        IdxFiles.images(dir.resolve("train"), 4, 2, 2, false);
        IdxFiles.images(dir.resolve("test"), 4, 3, 2, false);
        SourceSpec spec = new SourceSpec("x", SourceSpec.Format.IDX, "x", dir.resolve("train").toString(), null,
                dir.resolve("test").toString(), null, 0, null, FeatureScaler.Method.DIVIDE_255,
                CsvReader.Options.defaults(), null);
        InputValidationException e = assertThrows(InputValidationException.class, () -> SourceSplits.read(spec, 1, 0, 0));
        assertTrue(e.getMessage().contains("test rows have 6 features but train rows"), e.getMessage());
    }

    @Test
    void limitsKeepTheFirstRows() throws IOException {
        Path csv = Files.writeString(dir.resolve("t.csv"), "1\n2\n3\n4\n5\n");
        SourceSpec spec = new SourceSpec("x", SourceSpec.Format.CSV, "x", csv.toString(), null, csv.toString(), null, 0,
                null, FeatureScaler.Method.MINMAX, CsvReader.Options.defaults(), null);
        SourceSplits s = SourceSplits.read(spec, 1, 2, 3);
        assertEquals(2, s.train().rows());
        assertEquals(3, s.test().rows());
        assertEquals(2f, s.train().features(1)[0]);
    }
}
