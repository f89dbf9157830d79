package org.uaespark.pipeline.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

import org.uaespark.nativeenv.CpuInfo;
import org.uaespark.nativeenv.NativeEnvironment;

/**
 * Versions of the code and of the runtime it ran on, for provenance. Everything is read from classpath
 * resources, so asking never loads the PyTorch native library.
 */
public final class RuntimeVersions {
    private static final String UNKNOWN = "unknown";

    private RuntimeVersions() {
    }

    /** Project version, git commit and dirty flag, from the build's {@code uae-build.properties}. */
    public static Map<String, String> code() {
        Properties build = resource("uae-build.properties");
        Map<String, String> out = new LinkedHashMap<>();
        out.put("version", value(build, "version"));
        out.put("gitCommit", value(build, "git.commit"));
        out.put("gitDirty", value(build, "git.dirty"));
        return out;
    }

    /**
     * Java, OS, architecture, the processor, the Spark, DJL and libtorch versions on the classpath, and the native
     * settings this JVM applied ({@code uae doctor}; executors on other machines apply their own).
     */
    public static Map<String, String> environment() {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("java", System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")");
        out.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        out.put("arch", System.getProperty("os.arch"));
        out.put("availableProcessors", Integer.toString(Runtime.getRuntime().availableProcessors()));
        out.put("spark", org.apache.spark.package$.MODULE$.SPARK_VERSION());
        out.put("djl", value(resource("ai/djl/engine/api.properties"), "djl_version"));
        Properties torch = resource("native/lib/pytorch.properties");
        out.put("torch", value(torch, "version") + " " + value(torch, "flavor") + " " + value(torch, "classifier"));
        out.put("cpu", CpuInfo.ofThisMachine().model());
        Map<String, String> nativeSettings = NativeEnvironment.applied();
        out.put("nativeSettings", nativeSettings.isEmpty() ? "not applied in this JVM" : nativeSettings.toString());
        return out;
    }

    private static String value(Properties p, String key) {
        String v = p.getProperty(key);
        return v == null || v.isBlank() || v.startsWith("${") ? UNKNOWN : v.trim();
    }

    private static Properties resource(String name) {
        Properties p = new Properties();
        try (InputStream in = RuntimeVersions.class.getClassLoader().getResourceAsStream(name)) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read classpath resource " + name, e);
        }
        return p;
    }
}
