package org.uaespark.config;

import java.io.File;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigResolveOptions;
import com.typesafe.config.ConfigValueFactory;

/**
 * Builds the run's configuration from four layers, each overriding the one before:
 * <ol>
 *   <li>{@code conf/defaults.conf} (every key, with its default);</li>
 *   <li>the profile: {@code --profile NAME} reads {@code conf/NAME.conf} from the working directory, else the
 *       copy inside the jar; a value that names an existing file reads that file;</li>
 *   <li>{@code spark.uae.<key>} entries of the Spark configuration (spark-submit {@code --conf}), which reach the
 *       driver as system properties: {@code spark.uae.ingest.limit-train=2000} sets {@code uae.ingest.limit-train};</li>
 *   <li>CLI overrides ({@code --set key=value} and the dedicated flags), keys relative to {@code uae}.</li>
 * </ol>
 * Substitutions such as {@code ${uae.data-dir}} are resolved after layering, so a later layer's
 * {@code data-dir} moves every dataset path.
 */
public final class ConfigLoader {
    /** Root path of every project key. */
    public static final String ROOT = "uae";
    /** Prefix of Spark configuration keys that carry project settings. */
    public static final String SPARK_PREFIX = "spark.uae.";

    private ConfigLoader() {
    }

    /**
     * The loaded configuration and where each layer came from (for provenance).
     *
     * @param config  the resolved configuration
     * @param sources one line per layer, in order
     */
    public record Loaded(Config config, List<String> sources) {
    }

    /**
     * The shipped defaults ({@code conf/defaults.conf}) with {@code overrides} (keys under {@code uae}, as on the
     * command line): what a notebook or test gets without a profile or Spark properties.
     */
    public static Config defaults(Map<String, String> overrides) {
        return load(null, new Properties(), overrides).config();
    }

    /**
     * Loads the layered configuration.
     *
     * @param profile          profile name or file, or null for defaults only
     * @param systemProperties properties to scan for {@code spark.uae.*} keys (normally {@link System#getProperties()})
     * @param cliOverrides     keys relative to {@code uae} with their raw values (HOCON values or plain strings)
     */
    public static Loaded load(String profile, Properties systemProperties, Map<String, String> cliOverrides) {
        List<String> sources = new ArrayList<>();
        Config config = parseResource("conf/defaults.conf");
        sources.add("defaults: " + describeDefaults());
        if (profile != null && !profile.isBlank()) {
            Config parsed = parseProfile(profile.trim(), sources);
            KnownKeys.check(parsed, config, sources.get(sources.size() - 1));
            config = parsed.withFallback(config);
        }
        Map<String, String> sparkKeys = new TreeMap<>();
        for (String key : systemProperties.stringPropertyNames()) {
            if (key.startsWith(SPARK_PREFIX)) {
                sparkKeys.put(key.substring(SPARK_PREFIX.length()), systemProperties.getProperty(key));
            }
        }
        if (!sparkKeys.isEmpty()) {
            Config spark = overrides(sparkKeys);
            KnownKeys.check(spark, config, "spark conf spark.uae.*");
            config = spark.withFallback(config);
            sources.add("spark conf: " + sparkKeys.keySet());
        }
        if (cliOverrides != null && !cliOverrides.isEmpty()) {
            Config cli = overrides(new TreeMap<>(cliOverrides));
            KnownKeys.check(cli, config, "command line");
            config = cli.withFallback(config);
            sources.add("command line: " + new TreeMap<>(cliOverrides).keySet());
        }
        try {
            Config resolved = config.resolve(ConfigResolveOptions.defaults().setUseSystemEnvironment(true));
            return new Loaded(resolved, List.copyOf(sources));
        } catch (ConfigException e) {
            throw new ConfigurationException("configuration does not resolve: " + e.getMessage(), e);
        }
    }

    private static Config parseProfile(String profile, List<String> sources) {
        File asFile = new File(profile);
        File inConf = new File("conf", profile + ".conf");
        try {
            if (asFile.isFile()) {
                sources.add("profile: " + asFile.getAbsolutePath());
                return ConfigFactory.parseFile(asFile, ConfigParseOptions.defaults().setAllowMissing(false));
            }
            if (inConf.isFile()) {
                sources.add("profile: " + inConf.getAbsolutePath());
                return ConfigFactory.parseFile(inConf, ConfigParseOptions.defaults().setAllowMissing(false));
            }
            URL bundled = ConfigLoader.class.getClassLoader().getResource("conf/" + profile + ".conf");
            if (bundled != null) {
                sources.add("profile: " + bundled);
                return ConfigFactory.parseURL(bundled, ConfigParseOptions.defaults().setAllowMissing(false));
            }
        } catch (ConfigException e) {
            throw new ConfigurationException("cannot parse profile '" + profile + "': " + e.getMessage(), e);
        }
        throw new ConfigurationException("unknown profile '" + profile + "': no file " + asFile.getAbsolutePath()
                + ", no " + inConf.getPath() + " and no conf/" + profile + ".conf in the application jar");
    }

    private static Config parseResource(String resource) {
        File local = new File(resource);
        try {
            if (local.isFile()) {
                return ConfigFactory.parseFile(local, ConfigParseOptions.defaults().setAllowMissing(false));
            }
            return ConfigFactory.parseResources(ConfigLoader.class.getClassLoader(), resource,
                    ConfigParseOptions.defaults().setAllowMissing(false));
        } catch (ConfigException e) {
            throw new ConfigurationException("cannot parse " + resource + ": " + e.getMessage(), e);
        }
    }

    private static String describeDefaults() {
        File local = new File("conf/defaults.conf");
        return local.isFile() ? local.getAbsolutePath() : "conf/defaults.conf in the application jar";
    }

    /**
     * Turns {@code key -> raw value} pairs into a config under {@code uae}. A number, boolean, list
     * ({@code [8,8,1]}) or object is read as HOCON; anything else is a plain string, so {@code local[2]},
     * {@code hdfs://nn/x} or {@code a//b} are taken verbatim.
     */
    static Config overrides(Map<String, String> raw) {
        Config out = ConfigFactory.empty();
        for (Map.Entry<String, String> e : raw.entrySet()) {
            String path = ROOT + "." + e.getKey().trim();
            String value = e.getValue().trim();
            try {
                out = out.withValue(path, looksStructured(value)
                        ? ConfigFactory.parseString("k = " + value).getValue("k")
                        : ConfigValueFactory.fromAnyRef(value));
            } catch (ConfigException bad) {
                throw new ConfigurationException("override " + e.getKey() + "=" + e.getValue()
                        + " is not a valid value: " + bad.getMessage(), bad);
            }
        }
        return out;
    }

    private static boolean looksStructured(String value) {
        return value.startsWith("[") || value.startsWith("{") || value.matches("-?\\d+(\\.\\d+)?([eE][-+]?\\d+)?")
                || value.equals("true") || value.equals("false");
    }
}
