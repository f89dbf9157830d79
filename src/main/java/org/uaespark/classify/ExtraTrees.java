package org.uaespark.classify;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.uaespark.data.Seeds;
import org.uaespark.models.FloatMatrix;

/**
 * Extremely randomized trees (Geurts, Ernst and Wehenkel 2006) with scikit-learn's {@code ExtraTreesClassifier}
 * defaults, the paper's Table 3 classifier: every tree is grown on the whole training set (no bootstrap) until its
 * leaves are pure or hold one row; at each node, features are drawn at random without replacement and
 * <b>max(1, ⌊√d⌋) of them are visited</b> ({@code max_features="sqrt"}), a feature constant in the node (its range
 * at most 10⁻⁷, scikit-learn's {@code FEATURE_THRESHOLD}) counting as visited but not as a candidate, and drawing
 * goes on past that number until at least one visited feature is not constant (or none is left), as scikit-learn's
 * random splitter does; each candidate gets <b>one threshold drawn uniformly between its minimum and maximum in the
 * node</b> (not an optimised cut), and the candidate with the largest Gini decrease splits the node. The forest
 * predicts the class with the highest mean leaf distribution (the smallest class label on ties). Deterministic given
 * the seed; its random stream is not scikit-learn's, so forests agree in distribution (accuracy over seeds:
 * {@code ExtraTreesParityTest} against scikit-learn 1.2), not tree by tree. No JVM library served here implements this (Tribuo's {@code useRandomSplitPoints} picks a random
 * observed value and its {@code ExtraTreesTrainer} bags bootstrap samples; Spark MLlib has best-split trees only).
 */
public final class ExtraTrees {
    /** scikit-learn's {@code FEATURE_THRESHOLD}: a feature whose range in a node is at most this is constant there. */
    private static final double FEATURE_THRESHOLD = 1e-7;
    private final Tree[] trees;
    private final int[] classes;
    private final int features;

    private ExtraTrees(Tree[] trees, int[] classes, int features) {
        this.trees = trees;
        this.classes = classes;
        this.features = features;
    }

    /**
     * Grows a forest on the rows of {@code x} restricted to {@code columns}.
     *
     * @param x       training rows
     * @param columns the feature columns the forest sees (e.g. the selected features)
     * @param labels  one class per row
     * @param trees   forest size (50 in the paper)
     * @param seed    seed of the candidate features and thresholds
     */
    public static ExtraTrees fit(FloatMatrix x, int[] columns, int[] labels, int trees, long seed) {
        if (labels.length != x.rows() || x.rows() == 0) {
            throw new IllegalArgumentException("need one label per row and at least one row: " + x.rows() + " rows, "
                    + labels.length + " labels");
        }
        if (trees <= 0 || columns.length == 0) {
            throw new IllegalArgumentException("need at least one tree and one column");
        }
        int[] classes = Arrays.stream(labels).distinct().sorted().toArray();
        int[] y = new int[labels.length];
        for (int r = 0; r < y.length; r++) {
            y[r] = Arrays.binarySearch(classes, labels[r]);
        }
        float[][] byColumn = byColumn(x, columns);
        int candidates = maxFeatures(columns.length);
        Tree[] grown = new Tree[trees];
        for (int t = 0; t < trees; t++) {
            grown[t] = Tree.grow(byColumn, y, classes.length, candidates, new SplittableRandom(Seeds.mix(seed, t)));
        }
        return new ExtraTrees(grown, classes, columns.length);
    }

    /** Features visited per node among {@code d}: scikit-learn's {@code max_features="sqrt"}, max(1, ⌊√d⌋). */
    static int maxFeatures(int d) {
        return Math.max(1, (int) Math.floor(Math.sqrt(d)));
    }

    /** The predicted class of every row of {@code x} restricted to {@code columns} (as many as at fitting). */
    public int[] predict(FloatMatrix x, int[] columns) {
        if (columns.length != features) {
            throw new IllegalArgumentException("fitted on " + features + " columns, given " + columns.length);
        }
        float[][] byColumn = byColumn(x, columns);
        int[] out = new int[x.rows()];
        double[] mean = new double[classes.length];
        for (int r = 0; r < out.length; r++) {
            Arrays.fill(mean, 0);
            for (Tree tree : trees) {
                double[] leaf = tree.leaf(byColumn, r);
                for (int c = 0; c < mean.length; c++) {
                    mean[c] += leaf[c];
                }
            }
            int best = 0;
            for (int c = 1; c < mean.length; c++) {
                best = mean[c] > mean[best] ? c : best;
            }
            out[r] = classes[best];
        }
        return out;
    }

    /** The fraction of rows of {@code x} whose predicted class is their label. */
    public double accuracy(FloatMatrix x, int[] columns, int[] labels) {
        int[] predicted = predict(x, columns);
        long correct = 0;
        for (int r = 0; r < predicted.length; r++) {
            correct += predicted[r] == labels[r] ? 1 : 0;
        }
        return predicted.length == 0 ? Double.NaN : (double) correct / predicted.length;
    }

    private static float[][] byColumn(FloatMatrix x, int[] columns) {
        float[][] out = new float[columns.length][x.rows()];
        for (int c = 0; c < columns.length; c++) {
            if (columns[c] < 0 || columns[c] >= x.cols()) {
                throw new IllegalArgumentException("column " + columns[c] + " is not one of the " + x.cols());
            }
            for (int r = 0; r < x.rows(); r++) {
                out[c][r] = x.data()[r * x.cols() + columns[c]];
            }
        }
        return out;
    }

    /** One fully grown tree in flat arrays: node i splits on feature[i] at threshold[i], or is a leaf (feature −1). */
    private static final class Tree {
        private int[] feature = new int[64];
        private double[] threshold = new double[64];
        private int[] left = new int[64];
        private int[] right = new int[64];
        private double[][] distribution = new double[64][];
        private int nodes;

        /** Grows a tree on every row, depth first with an explicit stack of (node, from, to) row ranges. */
        static Tree grow(float[][] x, int[] y, int classCount, int candidates, SplittableRandom random) {
            Tree tree = new Tree();
            int[] order = new int[y.length];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            int[] stack = new int[3 * 64];
            int top = 0;
            tree.newNode();
            stack[top++] = 0;
            stack[top++] = 0;
            stack[top++] = y.length;
            int[] counts = new int[classCount];
            int[] leftCounts = new int[classCount];
            int[] features = new int[x.length];
            while (top > 0) {
                int to = stack[--top];
                int from = stack[--top];
                int node = stack[--top];
                Arrays.fill(counts, 0);
                for (int i = from; i < to; i++) {
                    counts[y[order[i]]]++;
                }
                int bestFeature = -1;
                double bestThreshold = 0;
                double bestImpurity = Double.POSITIVE_INFINITY;
                if (to - from >= 2 && !pure(counts)) {
                    for (int f = 0; f < features.length; f++) {
                        features[f] = f;
                    }
                    int remaining = features.length;
                    int visited = 0;
                    int constant = 0;
                    while (remaining > 0 && (visited < candidates || visited <= constant)) {
                        visited++;
                        int pick = random.nextInt(remaining);
                        int f = features[pick];
                        features[pick] = features[--remaining];
                        float min = Float.POSITIVE_INFINITY;
                        float max = Float.NEGATIVE_INFINITY;
                        for (int i = from; i < to; i++) {
                            float v = x[f][order[i]];
                            min = Math.min(min, v);
                            max = Math.max(max, v);
                        }
                        if (max <= min + FEATURE_THRESHOLD) {
                            constant++; // visited, not a candidate
                            continue;
                        }
                        double cut = min + random.nextDouble() * ((double) max - min);
                        if (cut >= max) {
                            cut = min; // rounding up onto the maximum would leave the right side empty
                        }
                        Arrays.fill(leftCounts, 0);
                        int leftSize = 0;
                        for (int i = from; i < to; i++) {
                            if (x[f][order[i]] <= cut) {
                                leftCounts[y[order[i]]]++;
                                leftSize++;
                            }
                        }
                        double impurity = weightedGini(leftCounts, leftSize, counts, to - from);
                        if (impurity < bestImpurity) {
                            bestImpurity = impurity;
                            bestFeature = f;
                            bestThreshold = cut;
                        }
                    }
                }
                if (bestFeature < 0) {
                    double[] p = new double[classCount];
                    for (int c = 0; c < classCount; c++) {
                        p[c] = (double) counts[c] / (to - from);
                    }
                    tree.feature[node] = -1;
                    tree.distribution[node] = p;
                    continue;
                }
                int split = partition(order, from, to, x[bestFeature], bestThreshold);
                int l = tree.newNode();
                int r = tree.newNode();
                tree.feature[node] = bestFeature;
                tree.threshold[node] = bestThreshold;
                tree.left[node] = l;
                tree.right[node] = r;
                if (top + 6 > stack.length) {
                    stack = Arrays.copyOf(stack, stack.length * 2);
                }
                stack[top++] = r;
                stack[top++] = split;
                stack[top++] = to;
                stack[top++] = l;
                stack[top++] = from;
                stack[top++] = split;
            }
            return tree;
        }

        double[] leaf(float[][] x, int row) {
            int node = 0;
            while (feature[node] >= 0) {
                node = x[feature[node]][row] <= threshold[node] ? left[node] : right[node];
            }
            return distribution[node];
        }

        private int newNode() {
            if (nodes == feature.length) {
                int n = nodes * 2;
                feature = Arrays.copyOf(feature, n);
                threshold = Arrays.copyOf(threshold, n);
                left = Arrays.copyOf(left, n);
                right = Arrays.copyOf(right, n);
                distribution = Arrays.copyOf(distribution, n);
            }
            return nodes++;
        }

        private static boolean pure(int[] counts) {
            int nonZero = 0;
            for (int c : counts) {
                nonZero += c > 0 ? 1 : 0;
            }
            return nonZero <= 1;
        }

        /** Size-weighted Gini impurity of the two children (lower = larger decrease). */
        private static double weightedGini(int[] leftCounts, int leftSize, int[] counts, int size) {
            int rightSize = size - leftSize;
            double leftSum = 0;
            double rightSum = 0;
            for (int c = 0; c < counts.length; c++) {
                leftSum += (double) leftCounts[c] * leftCounts[c];
                double rc = counts[c] - leftCounts[c];
                rightSum += rc * rc;
            }
            double leftGini = leftSize == 0 ? 0 : leftSize - leftSum / leftSize;
            double rightGini = rightSize == 0 ? 0 : rightSize - rightSum / rightSize;
            return leftGini + rightGini;
        }

        /** Moves rows with value ≤ cut to the front of {@code order[from, to)}; returns the first right index. */
        private static int partition(int[] order, int from, int to, float[] column, double cut) {
            int i = from;
            int j = to - 1;
            while (i <= j) {
                if (column[order[i]] <= cut) {
                    i++;
                } else {
                    int t = order[i];
                    order[i] = order[j];
                    order[j--] = t;
                }
            }
            return i;
        }
    }
}
