package org.uaespark.cli;

/** Process exit codes, stable for schedulers (Airflow, cron) to branch on. */
public final class ExitCodes {
    /** Success. */
    public static final int OK = 0;
    /** Usage or configuration error: bad flags, unknown profile, invalid key, conflicting run directory. */
    public static final int USAGE = 2;
    /** Input validation failed: missing or malformed input files or tables; nothing was published. */
    public static final int INVALID_INPUT = 3;
    /** A stage failed while running; nothing was published. */
    public static final int STAGE_FAILURE = 4;
    /**
     * {@code uae status} only: the run has not started (no run directory yet). Not a failure: a scheduler's sensor
     * waits on it, where 3 would tell it to give up.
     */
    public static final int NOT_STARTED = 5;

    private ExitCodes() {
    }
}
