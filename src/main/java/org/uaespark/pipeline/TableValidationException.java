package org.uaespark.pipeline;

import java.util.List;

import org.uaespark.data.InputValidationException;

/** A table does not conform to its declared schema in {@code data-schemas/}; lists every violation found. */
public class TableValidationException extends InputValidationException {
    private static final long serialVersionUID = 1L;

    private final List<String> violations;

    /**
     * @param table      what was validated (path or name)
     * @param schemaName the schema it was validated against
     * @param violations one line per violation, naming the column
     */
    public TableValidationException(String table, String schemaName, List<String> violations) {
        super(table + " does not conform to schema '" + schemaName + "':\n  - " + String.join("\n  - ", violations));
        this.violations = List.copyOf(violations);
    }

    /** The violations, one per line, each naming its column. */
    public List<String> violations() {
        return violations;
    }
}
