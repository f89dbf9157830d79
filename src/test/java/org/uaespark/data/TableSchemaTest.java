package org.uaespark.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class TableSchemaTest {

    @Test
    void datasetSchemaDeclaresTheCanonicalColumns() {
        TableSchema s = TableSchema.load("dataset");
        assertEquals(List.of("sample_id", "split", "features", "shape", "label", "source"), s.columnNames());
        assertEquals("array<float>", s.column("features").type());
        assertEquals(List.of(0.0, 1.0), s.column("features").range());
        assertEquals("shape", s.column("features").shapeColumn());
        assertTrue(s.column("label").nullable());
        assertFalse(s.column("sample_id").nullable());
        assertEquals(List.of("sample_id"), s.unique());
    }

    @Test
    void augmentedSchemaCarriesTheAttackTelemetry() {
        TableSchema s = TableSchema.load("augmented");
        for (String c : List.of("origin_sample_id", "method", "success", "criterion_met", "loss_before", "loss_after",
                "mi", "final_c", "iterations", "seed", "profile", "features", "shape")) {
            s.column(c);
        }
        assertEquals(List.of("mine", "l2", "gaussian", "rotate", "fliprot"), s.column("method").allowed());
    }

    @Test
    void theJarCopyIsTheTopLevelFile() throws IOException {
        // The schema files under data-schemas/ are the source of truth; the classpath copy must be identical.
        Path projectDir = Path.of(System.getProperty("uae.project.dir", "."));
        ObjectMapper json = new ObjectMapper();
        for (String table : List.of("dataset", "augmented")) {
            TableSchema fromFile = json.readValue(
                    Files.readString(projectDir.resolve("data-schemas/" + table + ".schema.json")), TableSchema.class);
            assertEquals(fromFile, TableSchema.load(table));
        }
    }

    @Test
    void inconsistentSchemasAreRejected() {
        TableSchema.Column id = new TableSchema.Column("id", "string", false, "", null, null, null, null);
        assertThrows(IllegalArgumentException.class, () -> new TableSchema("t", 1, "", List.of(id), List.of("nope")));
        assertThrows(IllegalArgumentException.class,
                () -> new TableSchema.Column("x", "double", false, "", null, List.of(1.0, 0.0), null, null));
        assertThrows(IllegalStateException.class, () -> TableSchema.load("no-such-table"));
    }
}
