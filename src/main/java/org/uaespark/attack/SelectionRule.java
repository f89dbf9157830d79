package org.uaespark.attack;

/** Which iterates of the MinMax loop are successes, and which success is a sample's output ({@link Selection}). */
interface SelectionRule {

    /** Whether an iterate with hinge f⁺ = {@code hinge} and recorded objective value {@code mi} is a success. */
    boolean success(double hinge, double mi);

    /** The score the selected success minimises (MINE: the estimate; L2: minus the distance ‖x − Φ(x′)‖₂). */
    double score(double mi, double distance);
}
