package org.uaespark.pipeline.store;

import org.apache.hadoop.fs.Path;

import org.uaespark.config.RunSettings;

/**
 * Where a run's artifacts live: {@code <runs-root>/<run-id>/} holding one folder per published table or model,
 * and {@code _staging/} where stages write before publishing atomically. Paths are Hadoop paths, so a run
 * directory can sit on a local disk, HDFS or an object store.
 */
public final class RunLayout {
    /** Folder, inside the run directory, where outputs are written before being published. */
    public static final String STAGING = "_staging";
    /** Folder, inside the run directory, of the evaluate stage's output ({@code metrics.json}). */
    public static final String EVALUATION = "evaluation";

    private final Path runDir;

    private RunLayout(Path runDir) {
        this.runDir = runDir;
    }

    /** The layout of the run named by {@code settings}. */
    public static RunLayout of(RunSettings settings) {
        return new RunLayout(new Path(settings.runsRoot(), settings.runId()));
    }

    /** The run directory itself. */
    public Path runDir() {
        return runDir;
    }

    /** The published {@code dataset} table called {@code name}. */
    public Path dataset(String name) {
        return new Path(new Path(runDir, "datasets"), name);
    }

    /** The published model called {@code name} (by default the model kind, e.g. {@code dense}). */
    public Path model(String name) {
        return new Path(new Path(runDir, "models"), name);
    }

    /** The published {@code augmented} table {@code name} (e.g. {@code mine-paper}) made from model {@code model}. */
    public Path augmented(String model, String name) {
        return new Path(new Path(new Path(runDir, "augmented"), model), name);
    }

    /** The model of retrain grid cell {@code cell} (e.g. {@code mine-paper}, {@code original-r1}) of {@code model}. */
    public Path retrained(String model, String cell) {
        return new Path(new Path(new Path(runDir, "retrained"), model), cell);
    }

    /** The evaluation folder ({@code metrics.json}). */
    public Path evaluation() {
        return new Path(runDir, EVALUATION);
    }

    /** The report folder ({@code index.html}). */
    public Path report() {
        return new Path(runDir, "report");
    }

    /** The staging folder of this run. */
    public Path staging() {
        return new Path(runDir, STAGING);
    }
}
