package org.uaespark.attack;

/**
 * The paper's choice of one output per sample among the iterates: the successful iterate (hinge 0 and, for MINE,
 * MI > 0) with the smallest MI — or, for L2-UAE, the largest reconstruction distance — else the iterate with the
 * smallest hinge (the first one on ties, as the code's strict comparison does).
 */
final class Selection {
    private final AttackMethod method;
    private float[] bestSuccess;
    private double bestSuccessScore = Double.POSITIVE_INFINITY;
    private double bestSuccessMi = Double.NaN;
    private float[] bestFailure;
    private double bestHinge = Double.POSITIVE_INFINITY;
    private double bestFailureMi = Double.NaN;
    private int firstSuccess = -1;

    Selection(AttackMethod method) {
        this.method = method;
    }

    /**
     * Considers iterate {@code t}.
     *
     * @param image    the iterate x + δ
     * @param hinge    f⁺ at the iterate
     * @param mi       MINE estimate recorded with it (ignored for L2)
     * @param distance ‖x − Φ(image)‖₂ (used by L2)
     */
    void offer(int t, float[] image, double hinge, double mi, double distance) {
        boolean success = hinge == 0 && (method == AttackMethod.L2 || mi > 0);
        if (success) {
            if (firstSuccess < 0) {
                firstSuccess = t;
            }
            double score = method == AttackMethod.MINE ? mi : -distance;
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
