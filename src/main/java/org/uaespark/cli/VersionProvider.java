package org.uaespark.cli;

import java.util.Map;

import picocli.CommandLine.IVersionProvider;

import org.uaespark.pipeline.store.RuntimeVersions;

/** {@code uae --version}: the project version and git commit it was built from. */
final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        Map<String, String> code = RuntimeVersions.code();
        return new String[] {"uae-spark " + code.get("version") + " (commit " + code.get("gitCommit")
                + ("true".equals(code.get("gitDirty")) ? ", modified" : "") + ")"};
    }
}
