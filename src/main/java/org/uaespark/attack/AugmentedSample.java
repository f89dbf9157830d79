package org.uaespark.attack;

/**
 * One row an {@link Augmentation} made: the values of the {@code augmented} table that depend on the method (the
 * rest, such as the label and the model's name, are the caller's).
 *
 * @param origin                index of the sample in its {@link SampleBatch}
 * @param id                    the row's id: the sample's id with the method (and repeat) appended
 * @param features              the augmented sample, in [0, 1]
 * @param profile               the attack profile, or what stands for it (e.g. {@code sigma-0.01})
 * @param success               the method's own success flag
 * @param criterionMet          the model's loss at the row is no worse than at the sample
 * @param lossBefore            ‖x − Φ(x)‖²
 * @param lossAfter             ‖x − Φ(x′)‖²
 * @param mi                    the MINE estimate of the selected iterate, or null
 * @param finalC                the final dual variable c, or null
 * @param iterations            outer iterations run (0 without an attack)
 * @param firstSuccessIteration first successful iteration, or null
 * @param seed                  the sample's seed
 * @param repeat                the repeat index (0 for methods without repeats)
 * @param projections           the MINE projection mode, or null where MINE used none
 */
public record AugmentedSample(int origin, String id, float[] features, String profile, boolean success,
        boolean criterionMet, double lossBefore, double lossAfter, Double mi, Double finalC, int iterations,
        Integer firstSuccessIteration, long seed, int repeat, String projections) {
}
