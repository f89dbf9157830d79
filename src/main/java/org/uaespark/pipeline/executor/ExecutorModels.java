package org.uaespark.pipeline.executor;

import java.io.Serializable;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;

import ai.djl.Device;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.uaespark.models.TorchScriptModel;
import org.uaespark.models.UnsupervisedCriterion;
import org.uaespark.models.UnsupervisedModel;
import org.uaespark.models.Torch;
import org.uaespark.nativeenv.NativeEnvironment;
import org.uaespark.pipeline.store.HadoopConf;
import org.uaespark.pipeline.store.ModelStore;

/**
 * The models an executor JVM attacks and scores, loaded lazily on first use and kept for the JVM's life, so every
 * task after the first on an executor reuses a loaded model. (DJL's Spark extension, whose artifact is not obtainable
 * here, loads its model once per partition, in each task; this pool instead keeps models across tasks and stages
 * of one JVM.) A model instance is lent to one task at a time:
 * the attack attaches the model's parameters to its own NDManager scopes and writes their gradients, so two
 * concurrent tasks on the same instance would race. A second concurrent task therefore gets a second instance,
 * and instances are returned to the pool, not closed.
 *
 * <p>Idle instances are kept while their parameters fit in a budget of native memory, {@value #BUDGET_PROPERTY}
 * MiB (a JVM system property; default {@value #DEFAULT_BUDGET_MB}): the evaluate stage scores every grid cell's model
 * in every task, and each of those models stays loaded for the next task instead of being reloaded. Past the budget
 * the least recently returned instances are closed first; the instance returned last is always kept.
 */
public final class ExecutorModels {
    private static final Logger LOG = LoggerFactory.getLogger(ExecutorModels.class);
    /** The JVM system property that sets the idle budget, in MiB. */
    public static final String BUDGET_PROPERTY = "uae.model-pool-mb";
    /** The idle budget when {@value #BUDGET_PROPERTY} is not set. */
    public static final long DEFAULT_BUDGET_MB = 1024;
    /** Idle instances, least recently returned first. */
    private static final Deque<Pooled> IDLE = new ArrayDeque<>();
    private static int loads;

    private ExecutorModels() {
    }

    /**
     * Where a model comes from.
     *
     * @param dir          the published model folder, or a user's TorchScript file
     * @param fingerprint  the model's provenance fingerprint (a re-trained model under the same path is another model);
     *                     for a TorchScript file, its SHA-256
     * @param torchThreads PyTorch intra-op threads to set before the first load
     * @param hadoop       file-system configuration to read the folder
     * @param user         null for a model of the run; for a TorchScript file, how to attack it
     */
    public record Source(String dir, String fingerprint, int torchThreads, HadoopConf hadoop, UserModel user)
            implements Serializable {
        /** A model of the run, published by {@code uae train} or {@code uae retrain}. */
        public Source(String dir, String fingerprint, int torchThreads, HadoopConf hadoop) {
            this(dir, fingerprint, torchThreads, hadoop, null);
        }
    }

    /**
     * A user's TorchScript model: the shape of one sample it takes and the criterion comparing its output with it.
     * The same file read with another shape or criterion is another model (part of the pool's key).
     *
     * @param inputShape one sample's shape (a list, so that the pool's key compares it by value)
     * @param criterion  how the model's output is compared with the sample
     */
    public record UserModel(List<Integer> inputShape, TorchScriptModel.Criterion criterion) implements Serializable {
        public UserModel {
            inputShape = List.copyOf(inputShape);
        }

        /** A reading of samples of {@code shape}. */
        public UserModel(int[] shape, TorchScriptModel.Criterion criterion) {
            this(Arrays.stream(shape).boxed().toList(), criterion);
        }

        /** The input shape as the model takes it. */
        int[] shape() {
            return inputShape.stream().mapToInt(Integer::intValue).toArray();
        }
    }

    /** A pooled model: where it comes from, on which device, and for a TorchScript file how it is read. */
    private record Key(String dir, String fingerprint, Device device, UserModel user) {
    }

    /** An instance and the native memory its parameters hold (measured once, when it is loaded). */
    private record Pooled(Key key, UnsupervisedCriterion model, long bytes) {
    }

    /** A loaded model lent to the caller until {@link #close()}. */
    public static final class Lease implements AutoCloseable {
        private final Pooled pooled;

        private Lease(Pooled pooled) {
            this.pooled = pooled;
        }

        /** The lent model as an attack sees it: its criterion. */
        public UnsupervisedCriterion criterion() {
            return pooled.model();
        }

        /**
         * The lent model, one of the run's (trained by this project: it scores, extracts and trains).
         *
         * @throws IllegalStateException for a user's TorchScript model, which only an attack can use
         */
        public UnsupervisedModel model() {
            if (pooled.model() instanceof UnsupervisedModel own) {
                return own;
            }
            throw new IllegalStateException(pooled.key().dir() + " is a user's TorchScript model: it can be attacked, not scored "
                    + "or retrained here");
        }

        /** Returns the model to the pool. */
        @Override
        public void close() {
            release(pooled);
        }
    }

    /** Lends an instance of the model of {@code source} on {@code device}, loading one if none is idle. */
    public static Lease borrow(Source source, Device device) {
        Key key = new Key(source.dir(), source.fingerprint(), device, source.user());
        synchronized (ExecutorModels.class) {
            for (Iterator<Pooled> it = IDLE.descendingIterator(); it.hasNext(); ) {
                Pooled idle = it.next();
                if (idle.key().equals(key)) {
                    it.remove();
                    return new Lease(idle);
                }
            }
        }
        NativeEnvironment.prepare();
        Torch.useThreads(source.torchThreads());
        UnsupervisedCriterion loaded = source.user() == null
                ? new ModelStore(source.hadoop().get()).load(new Path(source.dir()), device)
                : TorchScriptModel.load(UserModelFiles.local(source), source.user().shape(), source.user().criterion(),
                        device);
        synchronized (ExecutorModels.class) {
            loads++;
        }
        LOG.info("loaded model {} on {} ({} torch thread(s))", source.dir(), device, source.torchThreads());
        return new Lease(new Pooled(key, loaded, loaded.parameterBytes()));
    }

    /** Model loads in this JVM so far (for tests and logs). */
    public static synchronized int loads() {
        return loads;
    }

    /** Idle instances in this JVM now (for tests and logs). */
    public static synchronized int idle() {
        return IDLE.size();
    }

    private static synchronized void release(Pooled returned) {
        IDLE.addLast(returned);
        long budget = Long.getLong(BUDGET_PROPERTY, DEFAULT_BUDGET_MB) << 20;
        long held = IDLE.stream().mapToLong(Pooled::bytes).sum();
        while (held > budget && IDLE.size() > 1) {
            Pooled evicted = IDLE.removeFirst();
            held -= evicted.bytes();
            evicted.model().close();
            LOG.info("closed idle model {} on {} ({} MiB): idle models past {} = {} MiB", evicted.key().dir(),
                    evicted.key().device(), evicted.bytes() >> 20, BUDGET_PROPERTY, budget >> 20);
        }
    }
}
