package org.uaespark.attack;

import java.util.List;

/**
 * The attack's result for one sample: the selected x+δ and the facts the {@code augmented} table records.
 *
 * @param features              the selected x + δ, in [0, 1]
 * @param success               the attack's own flag: a successful iterate was selected (hinge 0, and MI > 0 for MINE)
 * @param criterionMet          f_x(x+δ) ≤ 0 recomputed under the model at the output
 * @param lossBefore            ‖x − Φ(x)‖²
 * @param lossAfter             ‖x − Φ(x+δ)‖² at the output
 * @param mi                    MINE estimate recorded with the selected iterate (NaN for L2)
 * @param finalC                c after the last iteration
 * @param iterations            iterations run
 * @param firstSuccessIteration first iteration whose iterate met the success rule, or −1
 * @param trace                 one record per iteration when traces were requested, else empty
 */
public record SampleOutcome(float[] features, boolean success, boolean criterionMet, double lossBefore,
        double lossAfter, double mi, double finalC, int iterations, int firstSuccessIteration,
        List<IterationRecord> trace) {
}
