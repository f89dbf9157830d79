package org.uaespark.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.typesafe.config.Config;
import org.junit.jupiter.api.Test;

/**
 * The configuration reference is generated from {@code conf/defaults.conf} and current: the committed
 * {@code src/site/markdown/configuration-reference.md} is what {@link ConfigReference} makes of the file now
 * ({@code -Duae.update-docs=true} rewrites it), every key the loader knows is in it with a meaning, and the
 * defaults it prints are the loaded ones.
 */
class ConfigReferenceTest {
    private static final Path DEFAULTS = Path.of("conf/defaults.conf");
    private static final Path REFERENCE = Path.of("src/site/markdown/configuration-reference.md");

    @Test
    void theCommittedReferenceIsWhatTheDefaultsFileMakes() throws IOException {
        String generated;
        try (InputStream in = Files.newInputStream(DEFAULTS)) {
            generated = ConfigReference.markdown(in);
        }
        if (Boolean.getBoolean("uae.update-docs")) {
            Files.writeString(REFERENCE, generated, StandardCharsets.UTF_8);
        }
        assertEquals(generated, Files.readString(REFERENCE, StandardCharsets.UTF_8), REFERENCE + " is not current: "
                + "run mvn -o surefire:test -Dtest=ConfigReferenceTest -Duae.update-docs=true");
    }

    @Test
    void everyKnownKeyHasAMeaningAndItsLoadedDefault() throws IOException {
        List<ConfigReference.Entry> entries;
        try (InputStream in = Files.newInputStream(DEFAULTS)) {
            entries = ConfigReference.entries(in);
        }
        Map<String, ConfigReference.Entry> byKey = entries.stream()
                .collect(Collectors.toMap(ConfigReference.Entry::key, e -> e));
        Config loaded = ConfigLoader.defaults(Map.of()).getConfig(ConfigLoader.ROOT);
        Set<String> leaves = loaded.entrySet().stream().map(Map.Entry::getKey)
                .filter(k -> !k.startsWith("datasets.") && !k.startsWith("attack-profiles.")).collect(Collectors.toSet());
        for (String key : leaves) {
            String shown = key; // a key inherited by substitution (models.dense from model-defaults) shows as its entry
            while (!byKey.containsKey(shown) && shown.contains(".")) {
                shown = shown.substring(0, shown.lastIndexOf('.'));
            }
            ConfigReference.Entry entry = byKey.get(shown);
            assertTrue(entry != null, key + " is not in the reference");
            assertTrue(!entry.comment().isBlank(), key + " has no meaning");
        }
        assertEquals("20210317", byKey.get("seed").value());
        assertEquals(loaded.getString("attack.method"), byKey.get("attack.method").value());
        assertEquals("runs (or env UAE_RUNS_ROOT)", byKey.get("runs-root").value());
        assertTrue(byKey.get("ingest.limit-test").comment().contains("ingest.limit-train"), "a shared comment is named");
    }
}
