package org.uaespark.attack;

/**
 * One outer iteration of one sample's attack, recorded when traces are requested.
 *
 * @param iteration 0-based iteration
 * @param hinge     f⁺ at the recorded iterate
 * @param mi        the MINE estimate recorded with it (NaN for L2)
 * @param c         the dual variable after the iteration's update
 * @param distance  ‖x − Φ(x+δ)‖₂ at the recorded iterate
 * @param perturbation ‖x′ − x‖₂ of the recorded iterate x′ = clip(x + δ, 0, 1)
 */
public record IterationRecord(int iteration, double hinge, double mi, double c, double distance,
        double perturbation) {
}
