package org.uaespark.attack;

/**
 * The paper's choice of one output per sample among the iterates: the successful iterate with the smallest score
 * (the objective's {@link SelectionRule}: for MINE, hinge 0 and MI > 0, scored by MI; for L2-UAE, hinge 0,
 * scored by minus the reconstruction distance), else the iterate with the smallest hinge (the first one on ties, as the code's
 * strict comparison does).
 */
final class Selection {
    private final SelectionRule rule;
    private float[] bestSuccess;
    private double bestSuccessScore = Double.POSITIVE_INFINITY;
    private double bestSuccessMi = Double.NaN;
    private float[] bestFailure;
    private double bestHinge = Double.POSITIVE_INFINITY;
    private double bestFailureMi = Double.NaN;
    private int firstSuccess = -1;

    Selection(SelectionRule rule) {
        this.rule = rule;
    }

    /**
     * Considers iterate {@code t}.
     *
     * @param image    the iterate x + δ
     * @param hinge    f⁺ at the iterate
     * @param mi       the objective's value recorded with it (MINE's estimate; NaN for L2)
     * @param distance ‖x − Φ(image)‖₂
     */
    void offer(int t, float[] image, double hinge, double mi, double distance) {
        boolean success = rule.success(hinge, mi);
        if (success) {
            if (firstSuccess < 0) {
                firstSuccess = t;
            }
            double score = rule.score(mi, distance);
            if (score < bestSuccessScore) {
                bestSuccessScore = score;
                bestSuccess = image.clone();
                bestSuccessMi = mi;
            }
        }
        if (hinge < bestHinge) {
            bestHinge = hinge;
            bestFailure = image.clone();
            bestFailureMi = mi;
        }
    }

    boolean succeeded() {
        return bestSuccess != null;
    }

    float[] selected() {
        return succeeded() ? bestSuccess : bestFailure;
    }

    double selectedMi() {
        return succeeded() ? bestSuccessMi : bestFailureMi;
    }

    int firstSuccess() {
        return firstSuccess;
    }
}
