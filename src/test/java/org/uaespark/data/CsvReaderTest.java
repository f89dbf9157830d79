package org.uaespark.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvReaderTest {
    @TempDir
    Path dir;

    private Path csv(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    private static RawSplit read(Path file) {
        return CsvReader.read(file, CsvReader.Options.defaults(), "test");
    }

    private String failure(Path file) {
        return assertThrows(InputValidationException.class, () -> read(file)).getMessage();
    }

    @Test
    void sklearnStyleHeaderIsDetectedAndTheLastColumnIsTheLabel() throws IOException {
        RawSplit s = read(csv("iris.csv", "3,2,setosa,versicolor,virginica\n5.1,3.5,0\n4.9,3.0,1\n6.3,2.5,2\n"));
        assertEquals(3, s.rows());
        assertArrayEquals(new int[] {2}, s.shape());
        assertArrayEquals(new float[] {4.9f, 3.0f}, s.features(1));
        assertEquals(2, s.label(2));
    }

    @Test
    void gzippedFilesAreReadByTheirMagicBytes() throws IOException {
        Path file = dir.resolve("digits.csv.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write("2,4,0,1\n0,1,2,3,0\n4,5,6,7,1\n".getBytes(StandardCharsets.UTF_8));
        }
        RawSplit s = CsvReader.read(file, new CsvReader.Options(CsvReader.HeaderStyle.AUTO, "auto", new int[] {2, 2, 1}),
                "d");
        assertArrayEquals(new int[] {2, 2, 1}, s.shape());
        assertArrayEquals(new float[] {4, 5, 6, 7}, s.features(1));
        assertEquals(1, s.label(1));
    }

    @Test
    void namedHeaderUsesTheLabelColumnWhereverItIs() throws IOException {
        RawSplit s = read(csv("named.csv", "a,label,b\n1,7,2\n3,8,4\n"));
        assertArrayEquals(new float[] {3, 4}, s.features(1));
        assertEquals(8, s.label(1));
        RawSplit none = CsvReader.read(csv("named2.csv", "a,b\n1,2\n"),
                new CsvReader.Options(CsvReader.HeaderStyle.AUTO, "none", null), "t");
        assertNull(none.label(0));
    }

    @Test
    void headerlessNumericFileHasNoLabelsUnlessAsked() throws IOException {
        Path file = csv("plain.csv", "1,2,3\n4,5,6\n");
        assertNull(read(file).label(0));
        assertArrayEquals(new float[] {1, 2, 3}, read(file).features(0));
        RawSplit last = CsvReader.read(file, new CsvReader.Options(CsvReader.HeaderStyle.NONE, "last", null), "t");
        assertEquals(6, last.label(1));
        assertArrayEquals(new float[] {4, 5}, last.features(1));
    }

    @Test
    void nonNumericCellNamesRecordAndColumn() throws IOException {
        String m = failure(csv("bad.csv", "a,b\n1,2\n3,x7\n"));
        assertTrue(m.contains("bad.csv: non-numeric cell 'x7' at record 3, column 2 'b'"), m);
    }

    @Test
    void nanAndInfinityAreRejected() throws IOException {
        String nan = failure(csv("nan.csv", "1,2\nNaN,3\n"));
        assertTrue(nan.contains("missing value 'NaN' at record 2, column 1; set csv.impute = class-mean"), nan);
        assertTrue(failure(csv("inf.csv", "1,2\n3,-Infinity\n")).contains("non-finite value '-Infinity'"));
    }

    @Test
    void emptyCellIsRejected() throws IOException {
        assertTrue(failure(csv("gap.csv", "1,2,3\n4,,6\n")).contains("missing value '' at record 2, column 2"));
    }

    private static RawSplit read(Path file, CsvReader.Impute impute) {
        return CsvReader.read(file, new CsvReader.Options(CsvReader.HeaderStyle.NAMES, "class", null, impute), "test");
    }

    /**
     * A generated table with missing values in every marker the reader knows: class means computed by hand from
     * the observed cells of the same class; a class with no observed value in a column takes the column's mean.
     */
    @Test
    void classMeanImputationFillsEachGapWithItsClassMeanOfTheColumn() throws IOException {
        Path file = csv("mice.csv", "a,b,class\n"
                + "0.1,1.0,0\n"
                + ",3.0,0\n"      // a: class-0 mean of 0.1, 0.4 = 0.25
                + "0.4,NA,0\n"    // b: class-0 mean of 1.0, 3.0 = 2.0
                + "0.8,?,1\n"     // b: class 1 has no b at all -> column mean of 1.0, 3.0, 5.0 = 3.0
                + "0.6,nan,1\n"
                + "0.9,5.0,2\n");
        RawSplit split = read(file, CsvReader.Impute.CLASS_MEAN);
        assertArrayEquals(new float[] {0.25f, 3.0f}, split.features(1));
        assertArrayEquals(new float[] {0.4f, 2.0f}, split.features(2));
        assertArrayEquals(new float[] {0.8f, 3.0f}, split.features(3));
        assertArrayEquals(new float[] {0.6f, 3.0f}, split.features(4));
        assertArrayEquals(new float[] {0.1f, 1.0f}, split.features(0), "observed cells are kept");
        RawSplit overall = read(file, CsvReader.Impute.MEAN);
        assertArrayEquals(new float[] {0.56f, 3.0f}, overall.features(1), 1e-6f, "a: mean of 0.1, 0.4, 0.8, 0.6, 0.9");
        assertEquals(3.0f, overall.features(2)[1]);
    }

    @Test
    void imputationCannotInventLabelsOrWholeColumns() throws IOException {
        String label = assertThrows(InputValidationException.class, () -> read(csv("l.csv",
                "a,class\n0.1,0\n0.2,\n"), CsvReader.Impute.CLASS_MEAN)).getMessage();
        assertTrue(label.contains("missing value '' at record 3, column 2 'class'; labels cannot be imputed"), label);
        String column = assertThrows(InputValidationException.class, () -> read(csv("c.csv",
                "a,b,class\n0.1,,0\n0.2,NA,1\n"), CsvReader.Impute.MEAN)).getMessage();
        assertTrue(column.contains("c.csv: column 2 'b' has no value in any row"), column);
        String unlabelled = assertThrows(InputValidationException.class, () -> CsvReader.read(csv("u.csv",
                "0.1,\n0.2,0.3\n"), new CsvReader.Options(null, "none", null, CsvReader.Impute.CLASS_MEAN), "t"))
                .getMessage();
        assertTrue(unlabelled.contains("csv.impute = class-mean needs a label column"), unlabelled);
    }

    @Test
    void raggedRowIsRejected() throws IOException {
        String m = failure(csv("ragged.csv", "1,2,3\n4,5,6\n7,8\n"));
        assertTrue(m.contains("ragged row at record 3: 2 columns where the first data row has 3"), m);
    }

    @Test
    void emptyAndHeaderOnlyFilesAreRejected() throws IOException {
        assertTrue(failure(csv("empty.csv", "")).endsWith("file is empty"));
        assertTrue(failure(csv("blank.csv", "\n\n")).contains("no rows"));
        assertTrue(failure(csv("header.csv", "a,b,label\n")).contains("no data rows after the header line"));
    }

    @Test
    void declaredSampleCountMustMatch() throws IOException {
        String m = failure(csv("short.csv", "5,2,a,b\n1,2,0\n3,4,1\n"));
        assertTrue(m.contains("declares 5 samples but the file has 2 data rows"), m);
    }

    @Test
    void nonIntegerLabelIsRejected() throws IOException {
        String m = failure(csv("label.csv", "2,1,a,b\n1,0.5\n2,1\n"));
        assertTrue(m.contains("labels must be integers"), m);
    }

    @Test
    void shapeMustHoldTheFeatureCount() throws IOException {
        Path file = csv("shape.csv", "1,2,3\n");
        String m = assertThrows(InputValidationException.class, () -> CsvReader.read(file,
                new CsvReader.Options(CsvReader.HeaderStyle.NONE, "none", new int[] {2, 2}), "t")).getMessage();
        assertTrue(m.contains("configured shape [2, 2] holds 4 values but each row has 3 feature columns"), m);
    }

    @Test
    void unknownLabelColumnIsRejected() throws IOException {
        Path file = csv("named.csv", "a,b\n1,2\n");
        String m = assertThrows(InputValidationException.class, () -> CsvReader.read(file,
                new CsvReader.Options(CsvReader.HeaderStyle.AUTO, "target", null), "t")).getMessage();
        assertTrue(m.contains("label column 'target' not found; the header has [a, b]"), m);
    }
}
