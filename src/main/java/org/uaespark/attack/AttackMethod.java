package org.uaespark.attack;

import java.util.Locale;

/** What the MinMax loop minimises next to the hinge c·f⁺: the MINE estimate, or minus the reconstruction distance. */
public enum AttackMethod {
    /** MINE-UAE: minimise c·f⁺(x+δ) + I_Θ(x, x+δ) (the code's +I sign, src/site/markdown/paper-spec.md §1.1). */
    MINE,
    /** L2-UAE baseline: minimise c·f⁺(x+δ) − ‖x − Φ(x+δ)‖₂ (src/site/markdown/paper-spec.md §6). */
    L2;

    /** The configuration spelling and the {@code method} column value. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
