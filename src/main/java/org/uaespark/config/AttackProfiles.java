package org.uaespark.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

import com.typesafe.config.Config;

import org.uaespark.attack.AttackMethod;
import org.uaespark.attack.AttackSettings;
import org.uaespark.attack.MineInput;
import org.uaespark.mine.Precision;
import org.uaespark.mine.ProjectionMode;
import org.uaespark.models.optim.OptimizerSpec;

/** Reads attack hyperparameters from {@code uae.attack-profiles.<name>}. */
public final class AttackProfiles {
    private AttackProfiles() {
    }

    /** The settings of profile {@code profile} for {@code method}. */
    public static AttackSettings read(Config config, String profile, AttackMethod method) {
        String path = "uae.attack-profiles." + profile;
        return Settings.read(path, () -> {
            if (!config.hasPath(path)) {
                throw new ConfigurationException("attack profile '" + profile + "' is not defined; known profiles: "
                        + config.getConfig("uae.attack-profiles").root().keySet());
            }
            Config a = config.getConfig(path);
            Config o = a.getConfig("mine-optimizer");
            String init = a.getString("init-bound").trim();
            int mineSteps = method == AttackMethod.MINE ? a.getInt("mine-steps") : 0;
            return new AttackSettings(method, a.getInt("iterations"), mineSteps, a.getDouble("alpha"), a.getDouble("beta"), a.getDouble("c0"), a.getDouble("dual-exponent"),
                    a.getDouble("epsilon"), a.getDouble("kappa"),
                    init.equalsIgnoreCase("glorot") ? Double.NaN : Double.parseDouble(init),
                    a.getBoolean("code-ordering"),
                    projectionMode(a, "projections"), projectionMode(a, "mine-step-projections"),
                    a.getInt("k"), a.getInt("p"), a.getInt("hidden"), a.getInt("tower-out"),
                    new OptimizerSpec(o.getString("name"), o.getDouble("learning-rate"), o.getDouble("rho"),
                            o.getDouble("beta1"), o.getDouble("beta2"), o.getDouble("epsilon")),
                    a.getDouble("mine-moving-average"), MineInput.parse(a.getString("mine-input")),
                    method == AttackMethod.MINE ? a.getInt("mine-warmup-steps") : 0,
                    a.getInt("flat-criterion-reference"), Precision.fromConfig(a.getString("precision").trim()));
        });
    }

    /** The settings of a profile of the shipped {@code conf/defaults.conf}, e.g. for a test or a notebook. */
    public static AttackSettings shipped(String profile, AttackMethod method) {
        return read(ConfigLoader.defaults(Map.of()), profile, method);
    }

    private static ProjectionMode projectionMode(Config profile, String key) {
        String value = profile.getString(key).trim();
        if (key.equals("mine-step-projections") && value.equalsIgnoreCase("same")) {
            return projectionMode(profile, "projections");
        }
        return ProjectionMode.valueOf(value.toUpperCase(Locale.ROOT));
    }

    /** The MinMax attack named by {@code uae.attack.method}; fails for a method that is not a MinMax attack. */
    public static AttackMethod attackMethod(Config config) {
        String method = Settings.read("uae.attack", () -> config.getString("uae.attack.method")).trim();
        for (AttackMethod m : AttackMethod.values()) {
            if (m.configName().equalsIgnoreCase(method)) {
                return m;
            }
        }
        throw new ConfigurationException("uae.attack.method = " + method + " is not a MinMax attack; expected one of "
                + Arrays.stream(AttackMethod.values()).map(AttackMethod::configName).toList());
    }
}
