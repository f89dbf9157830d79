package org.uaespark.pipeline.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.UnsupportedFileSystemException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.uaespark.data.InputValidationException;

/**
 * Writes a stage's output into a private staging folder and publishes it with one directory rename, so that
 * a table in the run directory is either complete (data files, {@code _SUCCESS}, sidecars) or absent. On a
 * failure the staging folder is deleted. A rename is atomic on local disks and HDFS; on object stores
 * without atomic rename the {@code _SUCCESS} marker, written by Spark, remains the completeness signal.
 */
public final class TablePublisher {
    /** Marker that Spark's committer writes when every task of the write job committed. */
    public static final String SUCCESS = "_SUCCESS";
    private static final Logger LOG = LoggerFactory.getLogger(TablePublisher.class);
    private static final Pattern SPARK_PART = Pattern.compile("part-(\\d{5,})-[0-9a-f-]{36}(?:_\\d+)?-c\\d{3}(\\..+)");

    private final Configuration hadoopConf;

    /** @param hadoopConf the Hadoop configuration of the Spark session (file systems, credentials) */
    public TablePublisher(Configuration hadoopConf) {
        this.hadoopConf = hadoopConf;
    }

    /** A file of a published table and its SHA-256, for manifests and fingerprints. */
    public record FileDigest(String name, long bytes, String sha256) {
    }

    /**
     * Fails with an {@link InputValidationException} naming the path when outputs cannot be written under the
     * run directory: checked before any compute is spent.
     */
    public void requireWritable(RunLayout layout) {
        Path probe = new Path(layout.staging(), ".write-probe-" + UUID.randomUUID());
        try {
            FileSystem fs = fs(probe);
            if (!fs.mkdirs(layout.staging())) {
                throw new IOException("mkdirs returned false");
            }
            try (OutputStream out = fs.create(probe, false)) {
                out.write(1);
            }
            fs.delete(probe, false);
        } catch (IOException e) {
            throw new InputValidationException("output location " + layout.runDir() + " is not writable: "
                    + e.getMessage(), e);
        }
    }

    /** Writes the {@code _SUCCESS} marker into a staged output that Spark's committer did not write (models). */
    public void markComplete(Path staged) {
        try (OutputStream out = fs(staged).create(new Path(staged, SUCCESS), true)) {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + SUCCESS + " in " + staged, e);
        }
    }

    /** Whether {@code target} is a published table (a folder holding {@code _SUCCESS}). */
    public boolean isPublished(Path target) {
        try {
            return fs(target).exists(new Path(target, SUCCESS));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot inspect " + target, e);
        }
    }

    /** Names of the published outputs (folders holding {@code _SUCCESS}) directly under {@code parent}, sorted. */
    public List<String> publishedChildren(Path parent) {
        try {
            FileSystem fs = fs(parent);
            if (!fs.exists(parent)) {
                return List.of();
            }
            List<String> out = new ArrayList<>();
            for (FileStatus f : fs.listStatus(parent)) {
                if (f.isDirectory() && fs.exists(new Path(f.getPath(), SUCCESS))) {
                    out.add(f.getPath().getName());
                }
            }
            out.sort(Comparator.naturalOrder());
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + parent, e);
        }
    }

    /**
     * Fails with an {@link InputValidationException} naming {@code dir} and the command that makes it when it is
     * not a published output: the check every stage makes on its inputs before any compute.
     *
     * @param what     what the folder should hold, e.g. {@code dataset 'mnist'}
     * @param producer the command that publishes it, e.g. {@code uae ingest}
     */
    public void requirePublished(Path dir, String runId, String what, String producer) {
        if (!isPublished(dir)) {
            throw new InputValidationException(dir + ": run " + runId + " has no published " + what + "; run `"
                    + producer + "` first");
        }
    }

    /** A fresh, unique staging folder for one output (not created: Spark's writer creates it). */
    public Path newStagingDir(RunLayout layout, String label) {
        return new Path(layout.staging(), label.replace('/', '-') + "-" + UUID.randomUUID());
    }

    /**
     * Makes the data files Spark wrote reproducible: renames {@code part-00000-<job uuid>-c000.zstd.parquet} to
     * {@code part-00000.zstd.parquet} and puts each Parquet footer in canonical order ({@link ParquetFooters}),
     * so that two runs over the same rows produce the same file names and the same bytes.
     */
    public void finaliseDataFiles(Path staged) {
        try {
            FileSystem fs = fs(staged);
            for (FileStatus f : fs.listStatus(staged)) {
                Matcher m = SPARK_PART.matcher(f.getPath().getName());
                if (f.isFile() && m.matches()) {
                    Path renamed = new Path(staged, "part-" + m.group(1) + m.group(2));
                    rename(fs, f.getPath(), renamed);
                    if (renamed.getName().endsWith(".parquet")) {
                        ParquetFooters.canonicalise(fs, renamed);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot finalise the data files in " + staged, e);
        }
    }

    /** SHA-256 of every data file (names not starting with '_' or '.') in {@code dir}, sorted by name. */
    public List<FileDigest> digestDataFiles(Path dir) {
        try {
            FileSystem fs = fs(dir);
            FileStatus[] files = fs.listStatus(dir, p -> !p.getName().startsWith("_") && !p.getName().startsWith("."));
            Arrays.sort(files, Comparator.comparing(f -> f.getPath().getName()));
            List<FileDigest> out = new ArrayList<>();
            for (FileStatus f : files) {
                if (f.isFile()) {
                    out.add(new FileDigest(f.getPath().getName(), f.getLen(), sha256(fs, f.getPath())));
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    /** Size and SHA-256 of one input file; an input that cannot be read is invalid input (exit 3). */
    public FileDigest digest(Path file) {
        try {
            FileSystem fs = fs(file);
            return new FileDigest(file.toString(), fs.getFileStatus(file).getLen(), sha256(fs, file));
        } catch (IOException e) {
            throw new InputValidationException(file + ": cannot be read (" + e.getMessage() + ")", e);
        }
    }

    /** Writes {@code value} as indented JSON to {@code file}, replacing it. */
    public void writeJson(Path file, Object value) {
        try (OutputStream out = fs(file).create(file, true)) {
            Json.mapper().writeValue(out, value);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /**
     * Reads a JSON sidecar into the record {@code type}, strictly ({@link Json#read}): a required field that is
     * missing, null or of another type, or a file that is not JSON, is invalid input (exit 3) whose message names
     * the file and the field.
     */
    public <T> T readJson(Path file, Class<T> type) {
        try (InputStream in = fs(file).open(file)) {
            return Json.read(in, file, type);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /**
     * Moves the complete {@code staged} folder to {@code target}. With {@code replace}, an existing target is
     * first moved aside and deleted only after the new one is in place. The final rename never replaces or nests
     * into a folder that appeared meanwhile (another job's publication): it fails instead, naming the target.
     */
    public void publish(Path staged, Path target, boolean replace) {
        try {
            FileSystem fs = fs(target);
            if (!fs.exists(new Path(staged, SUCCESS))) {
                throw new IllegalStateException("refusing to publish " + staged + ": it has no " + SUCCESS);
            }
            fs.mkdirs(target.getParent());
            Path aside = null;
            if (fs.exists(target)) {
                if (!replace) {
                    throw new IllegalStateException(target + " already exists");
                }
                aside = new Path(staged.getParent(), "replaced-" + UUID.randomUUID());
                rename(fs, target, aside);
            }
            try {
                renameUnlessExists(fs, staged, target);
            } catch (FileAlreadyExistsException e) {
                throw new IllegalStateException(target + " was published by another job while this one was "
                        + "publishing; its output is kept and this one's discarded", e);
            }
            if (aside != null) {
                fs.delete(aside, true);
            }
            removeIfEmpty(fs, staged.getParent());
            LOG.info("published {}", target);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot publish " + staged + " as " + target, e);
        }
    }

    /** Best-effort removal of the run's staging root once nothing is staged; another stage may be writing there. */
    private static void removeIfEmpty(FileSystem fs, Path stagingRoot) {
        try {
            if (fs.listStatus(stagingRoot).length == 0) {
                fs.delete(stagingRoot, false);
            }
        } catch (IOException e) {
            LOG.debug("staging root {} left in place: {}", stagingRoot, e.toString());
        }
    }

    /**
     * Deletes what jobs that died (a crash, {@code kill -9}) left in the run's staging folder: only safe for the
     * job holding the run's lock. The attack's work folders ({@code attack-*}) are kept: their committed units are
     * what a restarted attack resumes from.
     */
    public void sweepAbandoned(RunLayout layout) {
        try {
            FileSystem fs = fs(layout.staging());
            if (!fs.exists(layout.staging())) {
                return;
            }
            for (FileStatus f : fs.listStatus(layout.staging())) {
                if (!f.getPath().getName().startsWith("attack-")) {
                    LOG.info("removing {}, left by a job that did not finish", f.getPath());
                    fs.delete(f.getPath(), true);
                }
            }
            removeIfEmpty(fs, layout.staging());
        } catch (IOException e) {
            LOG.warn("could not sweep {}: {}", layout.staging(), e.toString());
        }
    }

    /**
     * Deletes {@code staged} after {@code failure} and returns what the stage should throw: a full disk (which
     * Hadoop's local file system reports as an {@code FSError}) becomes a {@link NoSpaceLeftException} naming the
     * location, another {@code FSError} an {@link UncheckedIOException}, a checked exception (Spark's
     * {@code SparkException} is one) an {@link IllegalStateException} with its message, anything else itself.
     */
    public RuntimeException discardAfter(Path staged, Throwable failure) {
        discard(staged);
        if (NoSpaceLeftException.causedBy(failure)) {
            return failure instanceof NoSpaceLeftException full ? full
                    : new NoSpaceLeftException(staged.getParent().getParent(), failure);
        }
        if (failure instanceof RuntimeException e) {
            return e;
        }
        if (failure instanceof Error) {
            return new UncheckedIOException("cannot write " + staged, failure.getCause() instanceof IOException io ? io
                    : new IOException(failure));
        }
        // Checked exceptions reach here undeclared from Scala: Spark's job failures (SparkException).
        return new IllegalStateException(failure.getMessage(), failure);
    }

    /** Deletes a staging folder after a failure; never throws (the original failure matters more). */
    public void discard(Path staged) {
        try {
            fs(staged).delete(staged, true);
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not delete staging folder {}: {}", staged, e.toString());
        }
    }

    /**
     * Renames {@code from} to {@code to}, failing if {@code to} exists: atomically where the file system has a
     * {@link FileContext} binding (local disks, HDFS), else checked just before a plain rename (the run's lock keeps
     * other jobs of this project out of the run directory either way).
     */
    private void renameUnlessExists(FileSystem fs, Path from, Path to) throws IOException {
        FileContext context;
        try {
            context = FileContext.getFileContext(to.toUri(), hadoopConf);
        } catch (UnsupportedFileSystemException e) {
            if (fs.exists(to)) {
                throw new FileAlreadyExistsException(to + " exists");
            }
            rename(fs, from, to);
            return;
        }
        context.rename(from, to, Options.Rename.NONE);
    }

    private static void rename(FileSystem fs, Path from, Path to) throws IOException {
        if (!fs.rename(from, to)) {
            throw new IOException("rename of " + from + " to " + to + " failed");
        }
    }

    private FileSystem fs(Path p) throws IOException {
        return p.getFileSystem(hadoopConf);
    }

    private static String sha256(FileSystem fs, Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = fs.open(file)) {
            for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
