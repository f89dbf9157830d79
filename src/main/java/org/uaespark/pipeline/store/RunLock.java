package org.uaespark.pipeline.store;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.uaespark.config.ConfigurationException;
import org.uaespark.data.InputValidationException;

/**
 * Makes a run directory single-writer: the job that writes {@code <run>/_lock} first (an exclusive create, atomic
 * on local disks and HDFS) holds the run until it closes the lock; a second job on the same run id fails at once
 * with a {@link ConfigurationException} naming the holder (host, PID, command, start time), or first waits for it
 * as long as the run's {@code lock.wait} allows (schedulers that start a run's stages in parallel). A lock whose holder
 * is dead is broken and taken over: on the same host when its PID is gone (or belongs to a process started later),
 * on another host when its heartbeat (the file's modification time, renewed every {@link #HEARTBEAT}) is older
 * than the run's {@code stale-after}. A lock is broken by renaming it aside, so two jobs cannot both break it.
 */
public final class RunLock implements AutoCloseable {
    /** The lock file, in the run directory. */
    public static final String FILE = "_lock";
    /** How often a holder renews its heartbeat. */
    static final Duration HEARTBEAT = Duration.ofSeconds(30);
    /** How often a waiting job looks at the lock again. */
    private static final Duration POLL = Duration.ofSeconds(2);
    private static final Logger LOG = LoggerFactory.getLogger(RunLock.class);

    private final FileSystem fs;
    private final Path file;
    private final Holder holder;
    private final ScheduledExecutorService heartbeat;

    /**
     * Who holds a run: written into the lock file as JSON.
     *
     * @param host         host name of the driver
     * @param pid          process id of the driver JVM
     * @param processStart when that process started (ISO-8601; tells a live holder from a reused PID)
     * @param command      the command holding the run, e.g. {@code attack}
     * @param acquired     when the lock was taken (ISO-8601)
     * @param token        unique per acquisition
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Holder(String host, long pid, String processStart, String command, String acquired, String token) {
        static Holder current(String command) {
            ProcessHandle self = ProcessHandle.current();
            return new Holder(hostName(), self.pid(),
                    self.info().startInstant().map(Instant::toString).orElse(""), command, Instant.now().toString(),
                    UUID.randomUUID().toString());
        }

        /** Whether this holder is known to be dead: on this host, checked by PID and start time. */
        boolean deadOnThisHost() {
            if (!host.equals(hostName())) {
                return false;
            }
            Optional<ProcessHandle> process = ProcessHandle.of(pid);
            if (process.isEmpty() || !process.get().isAlive()) {
                return true;
            }
            String started = process.get().info().startInstant().map(Instant::toString).orElse("");
            return !processStart.isEmpty() && !started.isEmpty() && !started.equals(processStart);
        }

        String describe() {
            return command + " (host " + host + ", pid " + pid + ", since " + acquired + ")";
        }
    }

    private RunLock(FileSystem fs, Path file, Holder holder) {
        this.fs = fs;
        this.file = file;
        this.holder = holder;
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "uae-run-lock-heartbeat");
            t.setDaemon(true);
            return t;
        });
        long period = HEARTBEAT.toMillis();
        heartbeat.scheduleAtFixedRate(this::beat, period, period, TimeUnit.MILLISECONDS);
    }

    /**
     * Takes the lock of {@code runDir} for {@code command}, waiting at most {@code wait} for a live holder to
     * release it.
     *
     * @param staleAfter how old another host's heartbeat must be before its lock counts as abandoned
     * @param wait       how long to wait for a live holder (zero: fail at once)
     * @throws ConfigurationException   when a live job still holds the run after {@code wait}
     * @throws InputValidationException when the run directory cannot be written
     */
    public static RunLock acquire(Configuration hadoopConf, Path runDir, String command, Duration staleAfter,
            Duration wait) {
        Path file = new Path(runDir, FILE);
        Holder me = Holder.current(command);
        long deadline = System.nanoTime() + wait.toNanos();
        try {
            FileSystem fs = file.getFileSystem(hadoopConf);
            if (!fs.mkdirs(runDir)) {
                throw new IOException("cannot create " + runDir);
            }
            boolean announced = false;
            while (true) {
                Optional<Holder> live = Optional.empty();
                for (int attempt = 0; attempt < 3 && live.isEmpty(); attempt++) {
                    if (tryCreate(fs, file, me)) {
                        LOG.info("holding run {} for {}", runDir, command);
                        return new RunLock(fs, file, me);
                    }
                    Optional<Holder> other = read(fs, file);
                    if (other.isPresent() && abandoned(fs, file, other.get(), staleAfter)) {
                        breakLock(fs, file, other.get());
                    } else {
                        live = other;
                    }
                }
                long left = deadline - System.nanoTime();
                if (live.isPresent() && left <= 0) {
                    throw new ConfigurationException("run " + runDir + " is being written by " + live.get().describe()
                            + "; wait for it to finish (uae.lock.wait), or use another --run-id (a lock left by a "
                            + "crashed job on another host expires " + staleAfter.toMinutes() + " min after its last "
                            + "heartbeat; delete " + file + " sooner only if that job is certainly gone)");
                }
                if (left <= 0) {
                    throw new ConfigurationException("run " + runDir + ": could not take its lock " + file
                            + "; other jobs keep taking and releasing it");
                }
                if (live.isPresent() && !announced) {
                    LOG.info("run {} is being written by {}; waiting up to {}", runDir, live.get().describe(), wait);
                    announced = true;
                }
                Thread.sleep(Math.max(1, Math.min(POLL.toMillis(), TimeUnit.NANOSECONDS.toMillis(left))));
            }
        } catch (IOException e) {
            throw new InputValidationException("output location " + runDir + " is not writable: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConfigurationException("interrupted while waiting for the lock of run " + runDir);
        }
    }

    /**
     * Who holds a run, seen without taking its lock.
     *
     * @param holder         the holder the lock file names
     * @param heartbeatAge   time since the holder last renewed its heartbeat
     * @param deadOnThisHost true when the holder ran on this host and its process is gone (the next command takes
     *                       the run over); false when it is alive here or runs on another host
     */
    public record Seen(Holder holder, Duration heartbeatAge, boolean deadOnThisHost) {
        /** The holder as a sentence: command, host, PID, since when. */
        public String describe() {
            return holder.describe();
        }

        /**
         * Whether the holder is gone: dead on this host, or silent for longer than {@code staleAfter} (a holder on
         * another host); the next command on the run takes such a lock over.
         */
        public boolean abandoned(Duration staleAfter) {
            return deadOnThisHost || heartbeatAge.compareTo(staleAfter) > 0;
        }
    }

    /** The holder of {@code runDir}'s lock, if a lock is there; reads only. */
    public static Optional<Seen> inspect(Configuration hadoopConf, Path runDir) {
        Path file = new Path(runDir, FILE);
        try {
            FileSystem fs = file.getFileSystem(hadoopConf);
            Optional<Holder> holder = fs.exists(file) ? read(fs, file) : Optional.empty();
            long age = holder.isPresent() ? age(fs, file) : -1;
            return holder.filter(h -> age >= 0).map(h -> new Seen(h, Duration.ofMillis(age), h.deadOnThisHost()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot inspect " + file, e);
        }
    }

    /**
     * Creates the lock file, whole, unless it exists: the holder is written to a private temporary file that then
     * takes the lock's name in one step that fails if the name is taken (a hard link on local disks, a rename on
     * HDFS, which does not replace an existing file), so no job ever reads a half-written lock.
     */
    private static boolean tryCreate(FileSystem fs, Path file, Holder me) throws IOException {
        Path tmp = new Path(file.getParent(), "." + FILE + "." + me.token() + ".tmp");
        try {
            try (OutputStream out = fs.create(tmp, true)) {
                Json.mapper().writeValue(out, me);
            }
            if ("file".equals(fs.getScheme())) {
                try {
                    Files.createLink(local(fs, file), local(fs, tmp));
                    return true;
                } catch (java.nio.file.FileAlreadyExistsException e) {
                    return false;
                }
            }
            return fs.rename(tmp, file);
        } finally {
            fs.delete(tmp, false);
        }
    }

    private static java.nio.file.Path local(FileSystem fs, Path p) {
        return Paths.get(fs.makeQualified(p).toUri());
    }

    /** The holder written in {@code file}; empty when the file vanished (released) in the meantime. */
    private static Optional<Holder> read(FileSystem fs, Path file) throws IOException {
        try (InputStream in = fs.open(file)) {
            return Optional.of(Json.mapper().readValue(in, Holder.class));
        } catch (FileNotFoundException e) {
            return Optional.empty();
        } catch (IOException e) {
            // Locks are written whole, so only a corrupted file (or someone else's) gets here.
            return Optional.of(new Holder("unknown", -1, "", "an unreadable lock", "unknown", "unreadable"));
        }
    }

    private static boolean abandoned(FileSystem fs, Path file, Holder other, Duration staleAfter) throws IOException {
        return other.deadOnThisHost() || new Seen(other, Duration.ofMillis(age(fs, file)), false).abandoned(staleAfter);
    }

    private static long age(FileSystem fs, Path file) throws IOException {
        try {
            return System.currentTimeMillis() - fs.getFileStatus(file).getModificationTime();
        } catch (FileNotFoundException e) {
            return -1;
        }
    }

    /**
     * Moves a dead holder's lock aside; of several jobs breaking it, one rename succeeds and the others retry. A
     * job that judged the lock dead just before another broke it and took the run moves the new holder's lock:
     * it checks what it moved and puts a live lock back.
     */
    private static void breakLock(FileSystem fs, Path file, Holder dead) throws IOException {
        Path aside = new Path(file.getParent(), FILE + ".broken-" + UUID.randomUUID());
        if (!fs.rename(file, aside)) {
            return;
        }
        Optional<Holder> moved = read(fs, aside);
        if (moved.isPresent() && !moved.get().token().equals(dead.token())) {
            if (!fs.rename(aside, file)) {
                LOG.error("moved the live lock of {} aside and could not restore it; {} is left at {}",
                        file.getParent(), moved.get().describe(), aside);
            }
            return;
        }
        LOG.warn("broke the lock of {} left by {}, which is no longer running", file.getParent(), dead.describe());
        fs.delete(aside, false);
    }

    private void beat() {
        try {
            fs.setTimes(file, System.currentTimeMillis(), -1);
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not renew the heartbeat of {}: {}", file, e.toString());
        }
    }

    /** Who holds the lock: this job. */
    public Holder holder() {
        return holder;
    }

    /** Releases the run, deleting the lock file if it is still this job's. */
    @Override
    public void close() {
        heartbeat.shutdownNow();
        try {
            Optional<Holder> current = read(fs, file);
            if (current.isPresent() && current.get().token().equals(holder.token())) {
                fs.delete(file, false);
            } else {
                LOG.warn("the lock {} is no longer this job's; leaving it", file);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not release {}: {}", file, e.toString());
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
