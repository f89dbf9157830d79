package org.uaespark.config;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import com.typesafe.config.Config;

import org.uaespark.attack.AttackMethod;
import org.uaespark.attack.Augmentation;
import org.uaespark.attack.GaussianAugmentation;
import org.uaespark.attack.MinMaxAugmentation;

/**
 * Makes {@link Augmentation}s from their spellings: a method with its parameters ({@code uae.attack.method},
 * {@code uae.attack.profile}, {@code uae.attack.gaussian.*}, or the MLlib transformer's parameters), or a name
 * ({@code mine-<profile>}, {@code l2-<profile>}, {@code gaussian-<σ>}: a table of the run and its grid arm). A new
 * method is one more case in {@link #of} and {@link #named}.
 */
public final class Augmentations {
    /** The spellings of {@code uae.attack.method}. */
    public static final List<String> METHODS = List.of("mine", "l2", GaussianAugmentation.METHOD);

    private Augmentations() {
    }

    /**
     * The augmentation of {@code method} with its parameters.
     *
     * @param method   mine, l2 or gaussian (any case)
     * @param profile  the attack profile of the MinMax methods, read from {@code config}
     * @param sigma    the noise of Gaussian augmentation
     * @param repeats  rows per sample: Gaussian copies, or independently seeded MinMax attacks
     * @param config   the configuration holding {@code uae.attack-profiles}
     * @throws ConfigurationException naming what is wrong
     */
    public static Augmentation of(String method, String profile, double sigma, int repeats, Config config) {
        String spelled = method.trim().toLowerCase(Locale.ROOT);
        return switch (spelled) {
            case "mine" -> minMax(AttackMethod.MINE, profile, repeats, config);
            case "l2" -> minMax(AttackMethod.L2, profile, repeats, config);
            case GaussianAugmentation.METHOD -> Settings.read("uae.attack.gaussian",
                    () -> new GaussianAugmentation(sigma, repeats));
            default -> throw new ConfigurationException("unknown augmentation method '" + method + "'; expected one of "
                    + METHODS);
        };
    }

    /** The augmentation {@code uae.attack} describes (method, profile, repeats, gaussian.sigma). */
    public static Augmentation ofAttackSection(Config config) {
        Config a = Settings.read("uae.attack", () -> config.getConfig("uae.attack"));
        return Settings.read("uae.attack", () -> of(a.getString("method"), a.getString("profile").trim(),
                a.getDouble("gaussian.sigma"), a.getInt("repeats"), config));
    }

    /**
     * The augmentation named {@code name}, or empty when the name is not one ({@code original}, …).
     *
     * @param repeats rows per sample (Gaussian copies, seeded MinMax attacks): the grid's repeats
     * @throws ConfigurationException when the name has a method's prefix but is malformed, or names an undefined
     *                                attack profile
     */
    public static Optional<Augmentation> named(String name, int repeats, Config config) {
        int dash = name.indexOf('-');
        if (dash <= 0 || dash == name.length() - 1) {
            return Optional.empty();
        }
        String method = name.substring(0, dash);
        String rest = name.substring(dash + 1);
        return switch (method) {
            case "mine", "l2" -> Optional.of(of(method, rest, Double.NaN, repeats, config));
            case GaussianAugmentation.METHOD -> {
                double sigma;
                try {
                    sigma = Double.parseDouble(rest);
                } catch (NumberFormatException e) {
                    throw new ConfigurationException("'" + name + "': gaussian arms are named gaussian-<sigma>");
                }
                yield Optional.of(of(method, null, sigma, repeats, config));
            }
            default -> Optional.empty();
        };
    }

    private static Augmentation minMax(AttackMethod method, String profile, int repeats, Config config) {
        return new MinMaxAugmentation(profile, AttackProfiles.read(config, profile, method), repeats);
    }
}
