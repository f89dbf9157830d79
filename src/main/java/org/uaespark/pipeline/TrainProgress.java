package org.uaespark.pipeline;

import java.time.Duration;
import java.util.Locale;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.uaespark.models.ModelTrainer;

/**
 * The train stage's progress lines: one per epoch (loss, rate, ETA), and within a long epoch one at least every 30
 * seconds (rows done of the whole fit, ETA), so that a model whose epochs take minutes is never silent.
 */
final class TrainProgress implements ModelTrainer.EpochListener {
    private static final Logger LOG = LoggerFactory.getLogger(TrainProgress.class);
    private static final long QUIET_NANOS = Duration.ofSeconds(30).toNanos();
    private final String model;
    private final long started = System.nanoTime();
    private long lastLine = started;

    /** Progress of training {@code model}. */
    TrainProgress(String model) {
        this.model = model;
    }

    @Override
    public void epochDone(int epoch, int epochs, double meanLoss, double samplesPerSecond) {
        lastLine = System.nanoTime();
        LOG.info("{} epoch {}/{}: loss {}, {} samples/s, ETA {}", model, epoch, epochs,
                String.format(Locale.ROOT, "%.6f", meanLoss), Math.round(samplesPerSecond),
                ProgressTime.of(eta(epoch, epochs)));
    }

    @Override
    public void stepDone(long rowsDone, long rowsTotal) {
        long now = System.nanoTime();
        if (now - lastLine < QUIET_NANOS) {
            return;
        }
        lastLine = now;
        double seconds = (now - started) / 1e9;
        double rate = rowsDone / Math.max(seconds, 1e-9);
        LOG.info(String.format(Locale.ROOT, "%s: %d/%d rows of the fit (%.1f%%), %.0f samples/s, ETA %s", model,
                rowsDone, rowsTotal, 100.0 * rowsDone / rowsTotal, rate,
                ProgressTime.of(Duration.ofSeconds(Math.round((rowsTotal - rowsDone) / rate)))));
    }

    /** The time left after {@code epoch} of {@code epochs}, at the rate so far. */
    private Duration eta(int epoch, int epochs) {
        double perEpoch = (System.nanoTime() - started) / 1e9 / epoch;
        return Duration.ofSeconds(Math.round(perEpoch * (epochs - epoch)));
    }
}
