package org.uaespark.testing;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.uaespark.cli.UaeCli;

/**
 * One in-process run of the {@code uae} command line with its exit code and captured output.
 *
 * @param code exit code
 * @param out  what the command printed as its result
 * @param err  errors and usage
 */
public record CliRun(int code, String out, String err) {

    /** Runs {@code uae args…} in this JVM (sharing the test Spark session). */
    public static CliRun of(String... args) {
        SparkTestSession.get();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = UaeCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new CliRun(code, out.toString(), err.toString());
    }

    @Override
    public String toString() {
        return "exit " + code + "\nout: " + out + "\nerr: " + err;
    }
}
