package org.uaespark.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.uaespark.testing.RunDirs;
import org.uaespark.testing.TinyDatasets;

/**
 * The shipped crontab line run exactly as cron runs it: its variable lines set, {@code \%} turned into {@code %},
 * the command handed to {@code $SHELL -c} from the home directory with nothing else in the environment but cron's
 * own variables ({@code env -i}, {@code PATH=/usr/bin:/bin}, no {@code JAVA_HOME}). Only the site's variables are
 * set for this machine: where the project is, a small profile, a local master and a log file.
 */
class CronLineIT {
    private static final Path PROJECT = Path.of(System.getProperty("uae.project.dir", "."));

    @TempDir
    static Path dir;
    private static Path profile;

    @BeforeAll
    static void smallProfile() {
        profile = TinyDatasets.idxProfile(dir.resolve("src"), dir.resolve("runs"));
        // What cron runs is under test, not the grid: the original arm alone keeps the run short.
        RunDirs.append(profile, RunDirs.SMALL_GRID + "uae.retrain { arms = [original], repeats = 1 }\n");
    }

    /** The crontab's variable lines and its one job line's command, as cron reads them. */
    private record Crontab(Map<String, String> variables, String command) {
        static Crontab read(Path file) throws IOException {
            Map<String, String> variables = new LinkedHashMap<>();
            String command = null;
            for (String line : Files.readAllLines(file)) {
                String trimmed = line.strip();
                if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                    continue;
                }
                if (trimmed.matches("[A-Za-z_][A-Za-z0-9_]*\\s*=.*")) {
                    int eq = trimmed.indexOf('=');
                    variables.put(trimmed.substring(0, eq).strip(), trimmed.substring(eq + 1).strip());
                } else {
                    assertEquals(null, command, "one job line");
                    String[] fields = trimmed.split("\\s+", 6);
                    command = fields[5].replace("\\%", "%");
                }
            }
            return new Crontab(variables, command);
        }
    }

    /** Runs the crontab's command with the site's {@code site} variables; returns exit code and what cron mails. */
    private static String[] cron(Map<String, String> site) throws Exception {
        Crontab crontab = Crontab.read(PROJECT.resolve("jobs/schedules/crontab.example"));
        Map<String, String> env = new LinkedHashMap<>(crontab.variables());
        assertTrue(env.keySet().containsAll(site.keySet()), "the crontab names the site's variables: " + env.keySet());
        env.putAll(site);
        String home = System.getProperty("user.home");
        env.putAll(Map.of("HOME", home, "LOGNAME", System.getProperty("user.name"), "PATH", "/usr/bin:/bin"));
        if (!Files.isExecutable(Path.of("/usr/bin/java"))) {
            env.put("JAVA_HOME", System.getProperty("java.home")); // what the crontab's comment tells such a site to set
        }
        List<String> command = new ArrayList<>(List.of("env", "-i"));
        env.forEach((k, v) -> command.add(k + "=" + v));
        command.addAll(List.of(env.getOrDefault("SHELL", "/bin/sh"), "-c", crontab.command()));
        Process process = new ProcessBuilder(command).directory(Path.of(home).toFile()).redirectErrorStream(true).start();
        String mailed = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(10, TimeUnit.MINUTES), "the job ended");
        return new String[] {Integer.toString(process.exitValue()), mailed};
    }

    @Test
    void theShippedLineRunsThePipelineUnderCronsEnvironment() throws Exception {
        Path log = dir.resolve("logs/run.log");
        Files.createDirectories(log.getParent());
        String[] ran = cron(Map.of("UAE_HOME", PROJECT.toString(), "UAE_PROFILE", profile.toString(),
                "UAE_MASTER", "local[2]", "UAE_LOG", log.toString()));
        assertEquals("0", ran[0], ran[1] + "\n" + Files.readString(log));
        assertEquals("", ran[1], "nothing mailed on success");
        String day = LocalDate.now(ZoneOffset.UTC).format(DateTimeFormatter.BASIC_ISO_DATE);
        Path run = dir.resolve("runs/weekly-" + day);
        assertTrue(Files.exists(run.resolve("report/index.html")), "the report of run weekly-" + day);
        assertTrue(Files.exists(run.resolve("evaluation/metrics.json")));
        assertTrue(Files.readString(log).contains("report: "), "the run's output went to the log");
    }

    @Test
    void aFailingJobMailsTheEndOfItsLogAndKeepsItsExitCode() throws Exception {
        Path log = dir.resolve("failing.log");
        String[] ran = cron(Map.of("UAE_HOME", PROJECT.toString(), "UAE_PROFILE", "no-such-profile",
                "UAE_MASTER", "local[2]", "UAE_LOG", log.toString()));
        assertEquals("2", ran[0], ran[1]);
        assertTrue(ran[1].contains("no-such-profile"), "the error, in what cron mails:\n" + ran[1]);
    }
}
