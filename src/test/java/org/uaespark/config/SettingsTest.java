package org.uaespark.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Properties;

import com.typesafe.config.Config;
import org.junit.jupiter.api.Test;

import org.uaespark.data.CsvReader;
import org.uaespark.data.FeatureScaler;
import org.uaespark.data.SourceSpec;

class SettingsTest {

    private static Config config(Map<String, String> overrides) {
        return ConfigLoader.load(null, new Properties(), overrides).config();
    }

    @Test
    void digitsEntryBecomesACsvSourceSpec() {
        IngestSettings s = IngestSettings.from(config(Map.of("ingest.dataset", "digits")));
        SourceSpec spec = s.source();
        assertEquals(SourceSpec.Format.CSV, spec.format());
        assertEquals(0.2, spec.testFraction());
        assertArrayEquals(new int[] {8, 8, 1}, spec.shape());
        assertEquals(FeatureScaler.Method.MINMAX, spec.scaling());
        assertEquals(CsvReader.HeaderStyle.NONE, spec.csv().header());
        assertEquals(CsvReader.LABEL_LAST, spec.csv().labelColumn());
        assertEquals(OnExisting.SKIP_IF_IDENTICAL, s.onExisting());
    }

    @Test
    void unknownDatasetListsTheKnownOnes() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> IngestSettings.from(config(Map.of("ingest.dataset", "cifar"))));
        assertTrue(e.getMessage().contains("'cifar' is not defined"), e.getMessage());
        assertTrue(e.getMessage().contains("mnist"), e.getMessage());
    }

    @Test
    void invalidValuesAreConfigurationErrorsNamingTheSection() {
        for (Map<String, String> bad : new Map[] {
                Map.of("datasets.mnist.scaling", "zscore"),
                Map.of("ingest.rows-per-file", "0"),
                Map.of("ingest.limit-train", "-1"),
                Map.of("ingest.on-existing", "sometimes"),
                Map.of("ingest.limit-train", "many"),
                Map.of("datasets.mnist.test-fraction", "0.5")}) {
            ConfigurationException e = assertThrows(ConfigurationException.class,
                    () -> IngestSettings.from(config(bad)), bad.toString());
            assertTrue(e.getMessage().startsWith("configuration uae.ingest"), e.getMessage());
        }
    }

    @Test
    void runIdIsGeneratedWhenEmptyAndValidatedOtherwise() {
        RunSettings generated = RunSettings.from(config(Map.of()));
        assertTrue(generated.runId().matches("\\d{8}T\\d{6}Z"), generated.runId());
        assertEquals("2026-11-25", RunSettings.from(config(Map.of("run-id", "2026-11-25"))).runId());
        assertThrows(ConfigurationException.class, () -> RunSettings.from(config(Map.of("run-id", "../escape"))));
    }
}
