package org.uaespark.config;

import java.util.Optional;

/**
 * A retrain arm that appends an augmented table, parsed from its name: {@code <method>-<attack profile>} for the
 * MinMax attacks ({@code mine-paper}, {@code l2-cpu}) or {@code gaussian-<σ>} ({@code gaussian-0.01}); the same
 * name as the attack stage's output ({@link AttackStageSettings#outputName()}).
 *
 * @param method  how the table is made
 * @param profile the attack profile (MinMax methods), else null
 * @param sigma   the noise (Gaussian augmentation), else NaN
 */
public record AugmentedArm(AugmentationMethod method, String profile, double sigma) {

    /** The arm named {@code arm}, or empty for the plain arms (original, duplicate, original-2x, …). */
    public static Optional<AugmentedArm> parse(String arm) {
        int dash = arm.indexOf('-');
        if (dash <= 0 || dash == arm.length() - 1) {
            return Optional.empty();
        }
        String head = arm.substring(0, dash);
        String rest = arm.substring(dash + 1);
        return switch (head) {
            case "mine" -> Optional.of(new AugmentedArm(AugmentationMethod.MINE, rest, Double.NaN));
            case "l2" -> Optional.of(new AugmentedArm(AugmentationMethod.L2, rest, Double.NaN));
            case "gaussian" -> {
                try {
                    yield Optional.of(new AugmentedArm(AugmentationMethod.GAUSSIAN, null, Double.parseDouble(rest)));
                } catch (NumberFormatException e) {
                    throw new ConfigurationException("arm '" + arm + "': gaussian arms are named gaussian-<sigma>");
                }
            }
            default -> Optional.empty();
        };
    }
}
