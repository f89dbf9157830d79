package org.uaespark.testing;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

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

    /**
     * Runs {@code uae <command> <shared> --profile <profile> <options>} for {@code args} = command, options: the
     * options' own {@code --set} keys win over the shared ones (a test class's grid).
     */
    public static CliRun withShared(List<String> shared, Path profile, String... args) {
        List<String> all = new ArrayList<>(List.of(args[0]));
        all.addAll(shared);
        all.addAll(List.of("--profile", profile.toString()));
        all.addAll(Arrays.asList(args).subList(1, args.length));
        return of(all.toArray(new String[0]));
    }

    @Override
    public String toString() {
        return "exit " + code + "\nout: " + out + "\nerr: " + err;
    }
}
