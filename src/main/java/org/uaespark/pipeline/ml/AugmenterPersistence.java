package org.uaespark.pipeline.ml;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.util.DefaultParamsReader$;
import org.apache.spark.ml.util.DefaultParamsWriter$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWriter;
import scala.Option;

/**
 * How a {@link UaeAugmenter} is saved and loaded self-contained, as MLlib's own models keep their data under the
 * stage's folder: {@code metadata/} holds the parameters (MLlib's {@code DefaultParamsWriter} format),
 * {@code data/model/} a copy of the model folder or TorchScript file, and {@code data/profile/} a copy of the
 * profile when it is a file. Loading points {@code modelPath} (and {@code profile}) at those copies, wherever the
 * saved folder is now.
 */
final class AugmenterPersistence {
    private static final String MODEL = "data/model";
    private static final String PROFILE = "data/profile";

    private AugmenterPersistence() {
    }

    /** Writes the parameters and the copies. */
    static final class Writer extends MLWriter {
        private final UaeAugmenter stage;

        Writer(UaeAugmenter stage) {
            this.stage = stage;
        }

        @Override
        public void saveImpl(String path) {
            if (!stage.isDefined(stage.modelPath())) {
                throw new IllegalArgumentException("parameter modelPath is required to save " + stage.uid());
            }
            DefaultParamsWriter$.MODULE$.saveMetadata(stage, path, sc(), Option.empty(), Option.empty());
            Configuration hadoop = sc().hadoopConfiguration();
            copy(new Path(stage.getModelPath()), new Path(path, MODEL), hadoop);
            if (new File(stage.getProfile()).isFile()) {
                copy(new Path(new File(stage.getProfile()).toURI()), new Path(path, PROFILE), hadoop);
            }
        }

        private static void copy(Path source, Path folder, Configuration hadoop) {
            try {
                FileSystem from = source.getFileSystem(hadoop);
                if (!from.exists(source)) {
                    throw new IllegalArgumentException("cannot save: " + source + " does not exist");
                }
                FileSystem to = folder.getFileSystem(hadoop);
                to.mkdirs(folder);
                FileUtil.copy(from, source, to, new Path(folder, source.getName()), false, hadoop);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot copy " + source + " to " + folder, e);
            }
        }
    }

    /** Reads the parameters and points them at the copies. */
    static final class Reader extends MLReader<UaeAugmenter> {
        @Override
        public UaeAugmenter load(String path) {
            org.apache.spark.ml.util.DefaultParamsReader.Metadata metadata = DefaultParamsReader$.MODULE$.loadMetadata(path, sc(),
                    UaeAugmenter.class.getName());
            UaeAugmenter stage = new UaeAugmenter(metadata.uid());
            metadata.getAndSetParams(stage, Option.empty());
            Configuration hadoop = sc().hadoopConfiguration();
            stage.setModelPath(only(new Path(path, MODEL), hadoop).toString());
            Path profile = new Path(path, PROFILE);
            if (exists(profile, hadoop)) {
                stage.setProfile(localFile(only(profile, hadoop), hadoop));
            }
            return stage;
        }

        /**
         * The one entry of {@code folder}.
         *
         * @throws IllegalArgumentException when the folder is missing or holds another number of entries
         */
        private static Path only(Path folder, Configuration hadoop) {
            try {
                FileStatus[] entries = folder.getFileSystem(hadoop).listStatus(folder);
                if (entries.length != 1) {
                    throw new IllegalArgumentException(folder + " should hold one entry, holds " + entries.length);
                }
                return entries[0].getPath();
            } catch (java.io.FileNotFoundException e) {
                throw new IllegalArgumentException(folder + " is missing: the stage was not saved by this version "
                        + "of UaeAugmenter (or not completely); save it again", e);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + folder, e);
            }
        }

        /** A local path of {@code file} (profiles are read as local files): itself, or a copy in a temporary file. */
        private static String localFile(Path file, Configuration hadoop) {
            try {
                FileSystem fs = file.getFileSystem(hadoop);
                if (fs instanceof org.apache.hadoop.fs.LocalFileSystem || "file".equals(fs.getScheme())) {
                    return new File(fs.makeQualified(file).toUri()).getPath();
                }
                java.nio.file.Path local = java.nio.file.Files.createTempFile("uae-profile-", ".conf");
                local.toFile().deleteOnExit();
                fs.copyToLocalFile(false, file, new Path(local.toUri()), true);
                return local.toString();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot copy " + file + " to this machine", e);
            }
        }

        private static boolean exists(Path path, Configuration hadoop) {
            try {
                return path.getFileSystem(hadoop).exists(path);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + path, e);
            }
        }
    }
}
