package org.uaespark.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigResolveOptions;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;

/**
 * Rejects a configuration layer (a profile, {@code spark.uae.*} keys, {@code --set}) that sets a key no layer
 * below it declares: a typo such as {@code attack.batchsize} would otherwise be ignored and the default used
 * silently. Entries of the open maps {@code datasets}, {@code attack-profiles} and the tests' {@code testing}
 * hooks may be new.
 */
final class KnownKeys {
    private static final List<String> OPEN_MAPS = List.of("uae.datasets.", "uae.attack-profiles.", "uae.testing.");
    /** Keys of earlier versions and what took their place, so that an old profile fails with directions. */
    private static final Map<String, String> REPLACED = Map.of(
            "uae.retrain.original-repeats", "uae.retrain.repeats (every arm now has the grid's seeded repeats)",
            "uae.retrain.gaussian-repeats", "uae.retrain.repeats (every arm now has the grid's seeded repeats)",
            "uae.attack.gaussian.repeats", "uae.attack.repeats (rows per sample of every method)");

    private KnownKeys() {
    }

    /**
     * @param layer     the layer's own keys, unresolved
     * @param below     every layer under it, merged
     * @param layerName where the layer came from, for the message
     * @throws ConfigurationException naming the first unknown key and the nearest known one
     */
    static void check(Config layer, Config below, String layerName) {
        Config known = below.resolve(ConfigResolveOptions.defaults().setAllowUnresolved(true).setUseSystemEnvironment(true));
        List<String> unknown = new ArrayList<>();
        leaves(layer.root(), new ArrayList<>(), path -> {
            if (OPEN_MAPS.stream().noneMatch(path::startsWith) && !known.hasPathOrNull(path)) {
                unknown.add(path);
            }
        });
        if (unknown.isEmpty()) {
            return;
        }
        List<String> knownPaths = new ArrayList<>();
        leaves(known.root(), new ArrayList<>(), knownPaths::add);
        String key = unknown.get(0);
        String nearest = nearest(key, knownPaths);
        throw new ConfigurationException("unknown configuration key " + key + " (" + layerName + ")"
                + (REPLACED.containsKey(key) ? "; it was replaced by " + REPLACED.get(key)
                        : nearest == null ? "" : "; did you mean " + nearest + "?")
                + (unknown.size() > 1 ? " (also unknown: " + String.join(", ", unknown.subList(1, unknown.size())) + ")" : ""));
    }

    /** Calls {@code visit} with the path of every leaf; an unresolved object counts as a leaf. */
    private static void leaves(ConfigObject object, List<String> prefix, Consumer<String> visit) {
        for (String key : object.keySet()) {
            List<String> path = new ArrayList<>(prefix);
            path.add(key);
            String joined = ConfigUtil.joinPath(path);
            ConfigValue value = object.get(key);
            boolean open = OPEN_MAPS.stream().anyMatch(m -> (joined + ".").startsWith(m) && !m.equals(joined + "."));
            if (value instanceof ConfigObject child && !open) {
                try {
                    leaves(child, path, visit);
                    continue;
                } catch (ConfigException.NotResolved e) {
                    // a merge with a substitution: checked as one key
                }
            }
            visit.accept(joined);
        }
    }

    /** The known path closest to {@code key} in edit distance, if it is close enough to be a typo of it. */
    private static String nearest(String key, List<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : known) {
            int d = distance(key, candidate);
            if (d < bestDistance) {
                bestDistance = d;
                best = candidate;
            }
        }
        return bestDistance <= Math.max(3, key.length() / 4) ? best : null;
    }

    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] t = previous;
            previous = current;
            current = t;
        }
        return previous[b.length()];
    }
}
