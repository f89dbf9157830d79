package org.uaespark.testing;

/**
 * Runs {@code System.gc()} back to back on a daemon thread while open, so that every unreachable direct buffer
 * is freed within about a millisecond of becoming unreachable: code that lets libtorch keep using memory a Java
 * buffer owned computes garbage under it instead of only in long, memory-hungry JVMs.
 */
public final class GcStorm implements AutoCloseable {
    private final Thread thread;
    private volatile boolean running = true;

    private GcStorm() {
        thread = new Thread(() -> {
            while (running) {
                System.gc();
                Thread.onSpinWait();
            }
        }, "gc-storm");
        thread.setDaemon(true);
        thread.start();
    }

    /** Starts a storm; close it to stop. */
    public static GcStorm start() {
        return new GcStorm();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join();
    }
}
