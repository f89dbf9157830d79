package org.uaespark.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.typesafe.config.Config;

import org.uaespark.attack.AttackMethod;
import org.uaespark.attack.Augmentation;
import org.uaespark.attack.GaussianAugmentation;
import org.uaespark.attack.GeometricAugmentation;
import org.uaespark.attack.MinMaxAugmentation;

/**
 * Makes {@link Augmentation}s from their spellings: a method with its parameters ({@code uae.attack.method},
 * {@code uae.attack.profile}, {@code uae.attack.gaussian.*}, {@code uae.attack.geometric.*}, or the MLlib
 * transformer's parameters), or a name ({@code mine-<profile>}, {@code l2-<profile>}, {@code gaussian-<σ>},
 * {@code rotate-<degrees>}, {@code fliprot-<degrees>}: a table of the run and its grid arm). A new method is one
 * more case in {@link #of} and {@link #named}.
 */
public final class Augmentations {
    /** The spellings of {@code uae.attack.method}. */
    public static final List<String> METHODS = List.of("mine", "l2", GaussianAugmentation.METHOD,
            GeometricAugmentation.ROTATE, GeometricAugmentation.FLIP_ROTATE);

    private Augmentations() {
    }

    /**
     * What a method is made with, beyond its name; each method reads its own.
     *
     * @param profile    the attack profile of the MinMax methods (an entry of {@code uae.attack-profiles})
     * @param sigma      the noise of Gaussian augmentation
     * @param maxDegrees the largest rotation of the geometric methods
     * @param repeats    rows per sample: copies, or independently seeded MinMax attacks
     */
    public record Parameters(String profile, double sigma, double maxDegrees, int repeats) {
    }

    /**
     * The augmentation of {@code method} with its parameters.
     *
     * @param method     one of {@link #METHODS} (any case)
     * @param parameters the method's parameters
     * @param config     the configuration holding {@code uae.attack-profiles}
     * @throws ConfigurationException naming what is wrong
     */
    public static Augmentation of(String method, Parameters parameters, Config config) {
        String spelled = method.trim().toLowerCase(Locale.ROOT);
        int repeats = parameters.repeats();
        return switch (spelled) {
            case "mine" -> minMax(AttackMethod.MINE, parameters.profile(), repeats, config);
            case "l2" -> minMax(AttackMethod.L2, parameters.profile(), repeats, config);
            case GaussianAugmentation.METHOD -> Settings.read("uae.attack.gaussian",
                    () -> new GaussianAugmentation(parameters.sigma(), repeats));
            case GeometricAugmentation.ROTATE, GeometricAugmentation.FLIP_ROTATE -> Settings.read("uae.attack.geometric",
                    () -> new GeometricAugmentation(spelled.equals(GeometricAugmentation.FLIP_ROTATE),
                            parameters.maxDegrees(), repeats));
            default -> throw new ConfigurationException("unknown augmentation method '" + method + "'; expected one of "
                    + METHODS);
        };
    }

    /** The augmentation {@code uae.attack} describes (method, profile, repeats, gaussian.sigma, geometric.*). */
    public static Augmentation ofAttackSection(Config config) {
        Config a = Settings.read("uae.attack", () -> config.getConfig("uae.attack"));
        return Settings.read("uae.attack", () -> of(a.getString("method"), new Parameters(a.getString("profile").trim(),
                a.getDouble("gaussian.sigma"), a.getDouble("geometric.max-degrees"), a.getInt("repeats")), config));
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
            case "mine", "l2" -> Optional.of(of(method, new Parameters(rest, Double.NaN, Double.NaN, repeats), config));
            case GaussianAugmentation.METHOD -> Optional.of(of(method,
                    new Parameters(null, number(name, rest, "gaussian-<sigma>"), Double.NaN, repeats), config));
            case GeometricAugmentation.ROTATE, GeometricAugmentation.FLIP_ROTATE -> Optional.of(of(method,
                    new Parameters(null, Double.NaN, number(name, rest, method + "-<degrees>"), repeats), config));
            default -> Optional.empty();
        };
    }

    /**
     * The {@code uae.attack} keys (relative to it) that describe {@code augmentation}: what {@link #ofAttackSection}
     * reads back into the same augmentation, given the same {@code repeats}. The inverse of {@link #of}, for commands
     * that make a grid arm's table ({@code uae plan}).
     */
    public static Map<String, String> attackKeys(Augmentation augmentation) {
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("method", augmentation.method());
        if (augmentation instanceof MinMaxAugmentation minMax) {
            keys.put("profile", minMax.profile());
        } else if (augmentation instanceof GaussianAugmentation gaussian) {
            keys.put("gaussian.sigma", Augmentation.label(gaussian.sigma()));
        } else if (augmentation instanceof GeometricAugmentation geometric) {
            keys.put("geometric.max-degrees", Augmentation.label(geometric.maxDegrees()));
        } else {
            throw new IllegalArgumentException("no attack keys for " + augmentation.outputName());
        }
        return keys;
    }

    private static double number(String name, String text, String spelling) {
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new ConfigurationException("'" + name + "': such arms are named " + spelling);
        }
    }

    private static Augmentation minMax(AttackMethod method, String profile, int repeats, Config config) {
        String key = "uae.attack-profiles." + profile + ".append";
        String append = config.hasPath(key) ? config.getString(key).trim() : "all";
        if (!append.equals("all") && !append.equals("criterion-met")) {
            throw new ConfigurationException(key + " = " + append + ": expected all or criterion-met");
        }
        return new MinMaxAugmentation(profile, AttackProfiles.read(config, profile, method), repeats,
                append.equals("criterion-met"));
    }
}
