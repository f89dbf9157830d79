package org.uaespark.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One run of a {@code uae} launcher script ({@code jobs/uae} of the checkout, {@code bin/uae} of the distribution)
 * in a child process, as a user or a scheduler runs it.
 *
 * @param code   exit code
 * @param output stdout and stderr together
 */
public record Launcher(int code, String output) {
    /** {@code jobs/uae} of this checkout. */
    public static final Path CHECKOUT = Path.of(System.getProperty("uae.project.dir", "."), "jobs", "uae");

    /**
     * Runs {@code script args…} from {@code workDir} with the test JVM's environment changed by {@code environment}
     * (a {@code null} value removes a variable); fails the test if it runs longer than {@code minutes}. While it
     * runs, its output is in a {@code uae-launcher-*.log} file of the temporary folder (to follow a long run).
     */
    public static Launcher run(Path script, Path workDir, Map<String, String> environment, int minutes,
            List<String> args) {
        List<String> command = new ArrayList<>(List.of(script.toString()));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
        Path log;
        try {
            log = Files.createTempFile("uae-launcher-", ".log");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        builder.redirectOutput(log.toFile());
        environment.forEach((name, value) -> {
            if (value == null) {
                builder.environment().remove(name);
            } else {
                builder.environment().put(name, value);
            }
        });
        try {
            Process process = builder.start();
            boolean ended = process.waitFor(minutes, TimeUnit.MINUTES);
            if (!ended) {
                process.destroyForcibly();
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            Files.delete(log);
            if (!ended) {
                throw new AssertionError(script + " " + args + " did not end in " + minutes + " minutes:\n" + output);
            }
            return new Launcher(process.exitValue(), output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
