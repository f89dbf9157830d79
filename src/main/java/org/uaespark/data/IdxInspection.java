package org.uaespark.data;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/**
 * What {@code uae init} sees in an IDX image file (MNIST's format): the images' count and shape, their value range,
 * and the companion files found beside it by MNIST's naming (a labels file, {@code images-idx3} → {@code
 * labels-idx1}; a test split, {@code train} → {@code t10k} or {@code test}), each read and checked as ingest reads
 * it.
 *
 * @param images      the image file
 * @param count       images in it
 * @param shape       one image's shape, {@code [H, W, 1]} (or {@code [H, W, C]} for a four-dimensional file)
 * @param min         the smallest byte value
 * @param max         the largest byte value
 * @param labels      the labels file, if one was found
 * @param classes     distinct labels (0 without a labels file)
 * @param testImages  the test split's image file, if one was found
 * @param testLabels  the test split's labels file, if one was found beside it
 */
public record IdxInspection(Path images, int count, int[] shape, int min, int max, Optional<Path> labels,
        int classes, Optional<Path> testImages, Optional<Path> testLabels) {

    /** Whether {@code file} starts with an IDX header of unsigned bytes (raw or gzipped). */
    public static boolean isIdx(Path file) {
        try (InputStream raw = InputFiles.open(file); DataInputStream in = new DataInputStream(raw)) {
            int magic = in.readInt();
            return magic >>> 16 == 0 && ((magic >>> 8) & 0xff) == IdxReader.TYPE_UNSIGNED_BYTE && (magic & 0xff) >= 3;
        } catch (IOException | InputValidationException e) {
            return false;
        }
    }

    /**
     * Reads {@code images} and the companions found beside it.
     *
     * @throws InputValidationException naming the file that does not read as ingest would read it
     */
    public static IdxInspection of(Path images) {
        IdxReader.IdxTensor tensor = IdxReader.read(images, "an image file", 3, 4);
        int[] dims = tensor.dims();
        int[] shape = dims.length == 3 ? new int[] {dims[1], dims[2], 1} : Arrays.copyOfRange(dims, 1, 4);
        int min = 255;
        int max = 0;
        for (byte b : tensor.data()) {
            min = Math.min(min, b & 0xff);
            max = Math.max(max, b & 0xff);
        }
        Optional<Path> labels = labelsBeside(images);
        int[] labelValues = labels.map(IdxReader::readLabels).orElse(new int[0]);
        if (labels.isPresent() && labelValues.length != tensor.count()) {
            throw InputValidationException.inFile(labels.get(), "holds " + labelValues.length + " labels but "
                    + images + " holds " + tensor.count() + " images");
        }
        int classes = (int) Arrays.stream(labelValues).distinct().count();
        Optional<Path> testImages = companion(images, "train", "t10k").or(() -> companion(images, "train", "test"));
        Optional<Path> testLabels = testImages.flatMap(IdxInspection::labelsBeside);
        return new IdxInspection(images, tensor.count(), shape, min, max, labels, classes, testImages, testLabels);
    }

    /** The labels file of {@code images} by MNIST's names: {@code images} → {@code labels}, {@code idx3} → {@code idx1}. */
    private static Optional<Path> labelsBeside(Path images) {
        String name = images.getFileName().toString();
        if (!name.contains("images")) {
            return Optional.empty();
        }
        return companion(images, name, name.replace("images", "labels").replace("idx3", "idx1"))
                .or(() -> companion(images, "images", "labels"));
    }

    /** The file beside {@code file} whose name has {@code to} where {@code file}'s has {@code from}, if it exists. */
    private static Optional<Path> companion(Path file, String from, String to) {
        String name = file.getFileName().toString();
        if (!name.contains(from)) {
            return Optional.empty();
        }
        Path other = file.resolveSibling(name.replace(from, to));
        return Files.isRegularFile(other) && !other.equals(file) ? Optional.of(other) : Optional.empty();
    }
}
