package org.uaespark.results;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The provenance of one published run ({@code results/<name>/result.json}): what made its {@code metrics.json},
 * with which code, on which machine, in how long. Everything but the command and the wall time is read from the
 * run's own {@code _provenance.json} files, so it describes the run, not the machine that recorded it.
 *
 * @param name        the results folder's name
 * @param runId       the run's id
 * @param command     the exact command that made the run, as typed
 * @param commits     every git commit whose code wrote one of the run's outputs (one for a run made at one commit)
 * @param finished    when the evaluation was written (ISO-8601, UTC)
 * @param wallSeconds wall-clock seconds of the command, as measured around it
 * @param environment the evaluate stage's environment: processor, cores, OS, Spark master, native settings, library
 *                    versions
 */
@JsonPropertyOrder(alphabetic = true)
public record RunRecord(String name, String runId, String command, List<String> commits, String finished,
        long wallSeconds, Map<String, String> environment) {
    /** The file name of a run's record in its results folder. */
    public static final String FILE = "result.json";
}
