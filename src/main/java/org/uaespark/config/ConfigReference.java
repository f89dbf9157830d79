package org.uaespark.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;

/**
 * The configuration reference, generated from {@code conf/defaults.conf} itself: every key under {@code uae} in the
 * file's order, its default as written (substitutions such as {@code ${uae.retrain.repeats}} and environment
 * overrides such as {@code ${?UAE_RUNS_ROOT}} included) and the comment written above it. The file is the one
 * declaration of a setting's default and meaning; {@code src/site/markdown/configuration-reference.md} is this
 * text, and a test fails when it is not current.
 */
public final class ConfigReference {
    private static final ConfigRenderOptions CONCISE = ConfigRenderOptions.concise().setJson(false);

    private ConfigReference() {
    }

    /**
     * One key.
     *
     * @param key     its path under {@code uae}
     * @param value   its default as written, or empty for a section
     * @param comment the comment above it, one line, or which key's comment covers it
     */
    public record Entry(String key, String value, String comment) {
    }

    /** The reference as Markdown, from the defaults file read from {@code in}. */
    public static String markdown(InputStream in) throws IOException {
        StringBuilder out = new StringBuilder();
        out.append("# Configuration reference\n\n")
                .append("<!-- Generated from conf/defaults.conf by ConfigReference: edit the comments there; ")
                .append("ConfigReferenceTest fails while this file differs (-Duae.update-docs=true rewrites it). -->\n\n")
                .append("Every key under `uae` in `conf/defaults.conf`, in the file's order, with its default as written ")
                .append("and the comment above it. How the layers (profile, `spark.uae.*`, `--set`) combine: ")
                .append("[configuration](configuration.md).\n");
        String section = null;
        for (Entry e : entries(in)) {
            String top = e.key().contains(".") ? e.key().substring(0, e.key().indexOf('.'))
                    : e.value().isEmpty() ? e.key() : "";
            if (!top.equals(section)) {
                section = top;
                out.append("\n## ").append(top.isEmpty() ? "Run" : "`" + top + "`").append("\n\n")
                        .append("| key | default | meaning |\n|---|---|---|\n");
            }
            out.append("| `").append(e.key()).append("` | ").append(e.value().isEmpty() ? "" : code(e.value()))
                    .append(" | ").append(e.comment().replace("|", "\\|")).append(" |\n");
        }
        return out.toString();
    }

    /** The keys of the defaults file read from {@code in}, sections included. */
    public static List<Entry> entries(InputStream in) throws IOException {
        try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            ConfigObject root = ConfigFactory.parseReader(reader, ConfigParseOptions.defaults()).root();
            List<Entry> out = new ArrayList<>();
            walk((ConfigObject) root.get(ConfigLoader.ROOT), "", out);
            return out;
        }
    }

    /**
     * Adds the keys of {@code object}. A comment in the file covers the keys that follow it up to the next comment,
     * so a key without its own says which key's comment it shares ({@code parent}: the section's, before any).
     */
    private static void walk(ConfigObject object, String prefix, List<Entry> out) {
        List<Map.Entry<String, ConfigValue>> fields = new ArrayList<>(object.entrySet());
        fields.sort(Comparator.comparingInt(f -> f.getValue().origin().lineNumber()));
        String covering = prefix.isEmpty() ? null : prefix.substring(0, prefix.length() - 1);
        for (Map.Entry<String, ConfigValue> field : fields) {
            String key = prefix + field.getKey();
            ConfigValue value = field.getValue();
            String comment = String.join(" ", value.origin().comments().stream().map(String::strip).toList());
            if (!comment.isEmpty()) {
                covering = key;
            }
            if (value instanceof ConfigObject section) { // a merge or substitution is not (yet) an object
                if (!comment.isEmpty()) {
                    out.add(new Entry(key, "", comment));
                }
                walk(section, key + ".", out);
            } else {
                out.add(new Entry(key, written(value.render(CONCISE)), comment.isEmpty() && covering != null
                        ? "(see `" + covering + "`)" : comment));
            }
        }
    }

    /** A value as a reader types it: {@code runs (env UAE_RUNS_ROOT)} for an optional environment override. */
    private static String written(String rendered) {
        return rendered.replaceAll("^(.*),\\$\\{\\?([A-Za-z0-9_]+)}$", "$1 (or env $2)")
                .replaceAll("^(\\$\\{[^}]+})(.+)$", "$1 with $2");
    }

    private static String code(String value) {
        return "`" + value.replace("`", "'") + "`";
    }
}
