package org.uaespark.testing;

import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Says in one line, at the end of a test run, how many tests were skipped because a real dataset was not
 * fetched ({@link RealData}): a plain {@code mvn verify} on a machine without the data passes, and without this
 * line nobody would notice that the real-data checks never ran.
 */
public final class RealDataSkips implements TestExecutionListener {
    private final AtomicInteger skipped = new AtomicInteger();
    private final Set<String> missing = new TreeSet<>();

    @Override
    public void executionSkipped(TestIdentifier test, String reason) {
        count(reason);
    }

    @Override
    public void executionFinished(TestIdentifier test, TestExecutionResult result) {
        if (result.getStatus() == TestExecutionResult.Status.ABORTED) {
            result.getThrowable().ifPresent(t -> count(t.getMessage()));
        }
    }

    private synchronized void count(String reason) {
        if (reason != null && reason.contains(RealData.SKIP_REASON)) {
            skipped.incrementAndGet();
            missing.add(reason.substring(0, reason.indexOf(RealData.SKIP_REASON)).replace("Assumption failed: ", "")
                    .trim());
        }
    }

    @Override
    public synchronized void testPlanExecutionFinished(TestPlan plan) {
        if (skipped.get() > 0) {
            System.err.printf("%n*** %d REAL-DATA TEST(S) SKIPPED: %s not fetched; run jobs/fetch-data "
                    + "(UAE_REQUIRE_DATA=true turns this into a failure) ***%n%n", skipped.get(), missing);
        }
    }
}
