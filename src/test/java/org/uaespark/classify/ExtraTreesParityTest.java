package org.uaespark.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.commons.math3.stat.StatUtils;
import org.apache.commons.math3.stat.inference.TTest;
import org.junit.jupiter.api.Test;

import org.uaespark.models.FloatMatrix;
import org.uaespark.testing.RealData;

/**
 * This project's extremely randomized trees against scikit-learn's {@code ExtraTreesClassifier} (1.2.1, Debian 12's
 * {@code python3-sklearn}): the same digits split, 50 trees, 40 seeds each; the two accuracy distributions must
 * agree within sampling error (Welch's test, and the means within 1 point). The random streams differ, so single
 * forests do not match. The fixture and its script: {@code src/test/resources/classify/}. With all 64 pixels
 * 8 features are visited per node; with the first 30, 5 (scikit-learn's ⌊√30⌋, where ⌈√30⌉ = 6 was this class's
 * rule before), and many of those columns are constant inside a node, which counts as a visit.
 */
class ExtraTreesParityTest {
    private static final double ALPHA = 0.001;

    @Test
    void accuracyOverSeedsMatchesScikitLearnOnDigits() throws IOException {
        RealData.require("sklearn");
        List<float[]> rows = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        Path file = RealData.dataDir().resolve("sklearn/digits.csv.gz");
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(file)), StandardCharsets.US_ASCII))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String[] cells = line.split(",");
                float[] row = new float[cells.length - 1];
                for (int c = 0; c < row.length; c++) {
                    row[c] = Float.parseFloat(cells[c]);
                }
                rows.add(row);
                labels.add((int) Float.parseFloat(cells[cells.length - 1]));
            }
        }
        assertEquals(1797, rows.size(), file.toString());
        JsonNode fixture;
        try (InputStream json = getClass().getResourceAsStream("/classify/extra_trees_digits.json")) {
            fixture = new ObjectMapper().readTree(json);
        }
        int train = fixture.get("train").asInt();
        FloatMatrix trainX = matrix(rows.subList(0, train));
        FloatMatrix testX = matrix(rows.subList(train, rows.size()));
        int[] trainY = labels.subList(0, train).stream().mapToInt(Integer::intValue).toArray();
        int[] testY = labels.subList(train, labels.size()).stream().mapToInt(Integer::intValue).toArray();
        for (var set : (Iterable<java.util.Map.Entry<String, JsonNode>>) () -> fixture.get("columnSets").fields()) {
            int[] columns = new int[set.getValue().get("columns").size()];
            for (int c = 0; c < columns.length; c++) {
                columns[c] = set.getValue().get("columns").get(c).asInt();
            }
            JsonNode theirs = set.getValue().get("accuracy");
            double[] sklearn = new double[theirs.size()];
            double[] ours = new double[theirs.size()];
            for (int seed = 0; seed < ours.length; seed++) {
                sklearn[seed] = theirs.get(seed).asDouble();
                ours[seed] = ExtraTrees.fit(trainX, columns, trainY, fixture.get("trees").asInt(), seed)
                        .accuracy(testX, columns, testY);
            }
            double p = new TTest().tTest(ours, sklearn);
            String what = String.format("%s: ours %.4f ± %.4f, scikit-learn %.4f ± %.4f, Welch p = %.3g", set.getKey(),
                    StatUtils.mean(ours), Math.sqrt(StatUtils.variance(ours)), StatUtils.mean(sklearn),
                    Math.sqrt(StatUtils.variance(sklearn)), p);
            System.out.println("ExtraTrees parity, " + what);
            assertTrue(p > ALPHA, what);
            assertTrue(Math.abs(StatUtils.mean(ours) - StatUtils.mean(sklearn)) < 0.01, what);
        }
    }

    @Test
    void visitsTheFloorOfTheSquareRootOfTheFeatures() {
        assertEquals(5, ExtraTrees.maxFeatures(30));
        assertEquals(8, ExtraTrees.maxFeatures(64));
        assertEquals(1, ExtraTrees.maxFeatures(1));
        assertEquals(1, ExtraTrees.maxFeatures(3));
        assertEquals(2, ExtraTrees.maxFeatures(8));
    }

    private static FloatMatrix matrix(List<float[]> rows) {
        int cols = rows.get(0).length;
        float[] data = new float[rows.size() * cols];
        for (int r = 0; r < rows.size(); r++) {
            System.arraycopy(rows.get(r), 0, data, r * cols, cols);
        }
        return new FloatMatrix(rows.size(), cols, data);
    }
}
