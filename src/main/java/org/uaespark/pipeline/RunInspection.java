package org.uaespark.pipeline;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import org.uaespark.pipeline.store.Json;
import org.uaespark.pipeline.store.Provenance;
import org.uaespark.pipeline.store.RunLayout;
import org.uaespark.pipeline.store.RunLock;
import org.uaespark.pipeline.store.TablePublisher;
import org.uaespark.pipeline.store.UnitManifest;

/**
 * A read-only look at a run directory, for operators and notebooks ({@code uae status}): which outputs are
 * published, what an unfinished attack has committed, who holds the run. Takes no lock and starts no Spark.
 */
public final class RunInspection {
    private final RunLayout layout;
    private final Configuration hadoopConf;
    private final TablePublisher publisher;

    /**
     * What an unfinished attack has committed in its work folder.
     *
     * @param units   work units committed
     * @param samples training samples they hold
     */
    public record Committed(int units, long samples) {
    }

    /** A look at the run {@code layout} describes. */
    public RunInspection(Configuration hadoopConf, RunLayout layout) {
        this.layout = layout;
        this.hadoopConf = hadoopConf;
        this.publisher = new TablePublisher(hadoopConf);
    }

    /** Whether the run directory exists at all. */
    public boolean exists() {
        try {
            Path dir = layout.runDir();
            return dir.getFileSystem(hadoopConf).exists(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot inspect " + layout.runDir(), e);
        }
    }

    /** Whether {@code output} (a folder of the run's layout) is published. */
    public boolean published(Path output) {
        return publisher.isPublished(output);
    }

    /** The training samples of dataset table {@code dataset}, from its provenance; empty while it is not published. */
    public Optional<Long> trainSamples(String dataset) {
        Path table = layout.dataset(dataset);
        if (!published(table)) {
            return Optional.empty();
        }
        JsonNode rows = publisher.readJson(new Path(table, Provenance.FILE), JsonNode.class).at("/summary/train/rows");
        return rows.isNumber() ? Optional.of(rows.asLong()) : Optional.empty();
    }

    /**
     * The units committed by the unfinished attack of {@code model} making table {@code table}: its newest work
     * folder's; empty when there is none.
     */
    public Optional<Committed> committed(String model, String table) {
        try {
            Path staging = layout.staging();
            FileSystem fs = staging.getFileSystem(hadoopConf);
            if (!fs.exists(staging)) {
                return Optional.empty();
            }
            FileStatus newest = null;
            for (FileStatus work : fs.listStatus(staging)) {
                if (work.isDirectory() && work.getPath().getName().startsWith(AttackStage.workPrefix(model, table))
                        && (newest == null || work.getModificationTime() > newest.getModificationTime())) {
                    newest = work;
                }
            }
            if (newest == null) {
                return Optional.empty();
            }
            Path shards = new Path(newest.getPath(), "shards");
            int units = 0;
            long samples = 0;
            for (FileStatus unit : fs.exists(shards) ? fs.listStatus(shards) : new FileStatus[0]) {
                if (unit.getPath().getName().matches("unit-\\d+\\.json")) {
                    try (InputStream in = fs.open(unit.getPath())) {
                        samples += Json.mapper().readValue(in, UnitManifest.class).samples();
                    }
                    units++;
                }
            }
            return Optional.of(new Committed(units, samples));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot inspect " + layout.staging(), e);
        }
    }

    /** The run's lock holder, if a job holds it (or died holding it). */
    public Optional<RunLock.Seen> lock() {
        return RunLock.inspect(hadoopConf, layout.runDir());
    }
}
