package org.uaespark.pipeline.executor;

import java.io.Serializable;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

import ai.djl.Device;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.uaespark.models.UnsupervisedModel;
import org.uaespark.models.Torch;
import org.uaespark.pipeline.store.HadoopConf;
import org.uaespark.pipeline.store.ModelStore;

/**
 * The models an executor JVM attacks, loaded lazily on first use and kept for the JVM's life, so every task
 * after the first on an executor reuses a loaded model. (DJL's Spark extension, whose artifact is not obtainable
 * here, loads its model once per partition, in each task; this pool instead keeps models across tasks and stages
 * of one JVM.) A model instance is lent to one task at a time:
 * the attack attaches the model's parameters to its own NDManager scopes and writes their gradients, so two
 * concurrent tasks on the same instance would race. A second concurrent task therefore gets a second instance,
 * and instances are returned to the pool, not closed; idle instances of other models are closed when a new model
 * is requested, so an executor that moves to another stage's model does not keep the old one.
 */
public final class ExecutorModels {
    private static final Logger LOG = LoggerFactory.getLogger(ExecutorModels.class);
    private static final Map<Key, Deque<UnsupervisedModel>> IDLE = new HashMap<>();
    private static int loads;

    private ExecutorModels() {
    }

    /**
     * Where a model comes from.
     *
     * @param dir          the published model folder
     * @param fingerprint  the model's provenance fingerprint (a re-trained model under the same path is another model)
     * @param torchThreads PyTorch intra-op threads to set before the first load
     * @param hadoop       file-system configuration to read the folder
     */
    public record Source(String dir, String fingerprint, int torchThreads, HadoopConf hadoop) implements Serializable {
    }

    private record Key(String dir, String fingerprint, Device device) {
    }

    /** A loaded model lent to the caller until {@link #close()}. */
    public static final class Lease implements AutoCloseable {
        private final Key key;
        private final UnsupervisedModel model;

        private Lease(Key key, UnsupervisedModel model) {
            this.key = key;
            this.model = model;
        }

        /** The lent model. */
        public UnsupervisedModel model() {
            return model;
        }

        /** Returns the model to the pool. */
        @Override
        public void close() {
            release(key, model);
        }
    }

    /** Lends an instance of the model of {@code source} on {@code device}, loading one if none is idle. */
    public static Lease borrow(Source source, Device device) {
        Key key = new Key(source.dir(), source.fingerprint(), device);
        synchronized (ExecutorModels.class) {
            closeIdleExcept(key);
            Deque<UnsupervisedModel> idle = IDLE.get(key);
            if (idle != null && !idle.isEmpty()) {
                return new Lease(key, idle.pop());
            }
        }
        NativeSettings.warnOnceIfMissing();
        Torch.useThreads(source.torchThreads());
        UnsupervisedModel loaded = new ModelStore(source.hadoop().get()).load(new Path(source.dir()), device);
        synchronized (ExecutorModels.class) {
            loads++;
        }
        LOG.info("loaded model {} on {} ({} torch thread(s))", source.dir(), device, source.torchThreads());
        return new Lease(key, loaded);
    }

    /** Model loads in this JVM so far (for tests and logs). */
    public static synchronized int loads() {
        return loads;
    }

    private static synchronized void release(Key key, UnsupervisedModel model) {
        IDLE.computeIfAbsent(key, k -> new ArrayDeque<>()).push(model);
    }

    private static void closeIdleExcept(Key key) {
        for (Iterator<Map.Entry<Key, Deque<UnsupervisedModel>>> it = IDLE.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Key, Deque<UnsupervisedModel>> e = it.next();
            if (!e.getKey().equals(key)) {
                e.getValue().forEach(UnsupervisedModel::close);
                it.remove();
            }
        }
    }
}
