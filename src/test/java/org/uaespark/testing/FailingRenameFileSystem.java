package org.uaespark.testing;

import java.io.IOException;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The local file system with renames that fail (return false, as HDFS does on most errors) whenever the target's
 * name contains the text configured as {@value #FAIL_WHEN_TARGET_CONTAINS}: a disk or name node refusing a commit.
 */
public final class FailingRenameFileSystem extends LocalFileSystem {
    /** Configuration key: renames to targets whose name contains this text fail. */
    public static final String FAIL_WHEN_TARGET_CONTAINS = "uae.test.fail-rename-to";

    /** A configuration whose {@code file:} paths go through this file system. */
    public static Configuration configuration(String failWhenTargetContains) {
        Configuration conf = new Configuration();
        conf.setClass("fs.file.impl", FailingRenameFileSystem.class, org.apache.hadoop.fs.FileSystem.class);
        conf.setBoolean("fs.file.impl.disable.cache", true);
        conf.set(FAIL_WHEN_TARGET_CONTAINS, failWhenTargetContains);
        return conf;
    }

    @Override
    public boolean rename(Path src, Path dst) throws IOException {
        String failing = getConf().get(FAIL_WHEN_TARGET_CONTAINS, "");
        if (!failing.isEmpty() && dst.getName().contains(failing)) {
            return false;
        }
        return super.rename(src, dst);
    }
}
