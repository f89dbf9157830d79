package org.uaespark.models;

/**
 * A model's evaluation loss over some rows as a sum and the weight it is averaged over; the sums of disjoint parts
 * of a split add up to the split's ({@link #plus}).
 *
 * @param sum    the loss summed (squared errors, or per-block losses times their rows)
 * @param weight what the sum is averaged over (features scored, or rows)
 */
public record LossSums(double sum, double weight) implements java.io.Serializable {

    /** The sums of two disjoint parts together. */
    public LossSums plus(LossSums other) {
        return new LossSums(sum + other.sum, weight + other.weight);
    }

    /** The mean loss: sum over weight (NaN for no rows). */
    public double mean() {
        return sum / weight;
    }
}
