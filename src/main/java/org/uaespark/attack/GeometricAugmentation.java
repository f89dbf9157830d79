package org.uaespark.attack;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

import org.uaespark.data.Seeds;

/**
 * The standard geometric augmentations of the paper's appendix B.5 comparison: {@code repeats} copies of every image,
 * each rotated by an angle drawn uniformly from [−maxDegrees, maxDegrees] and, with {@code mirror}, mirrored
 * left-right with probability ½ ({@link ImageTransform}). Named {@code rotate-<degrees>} (rotation only: digits
 * are not mirror-symmetric) or {@code fliprot-<degrees>} (for data whose classes survive a mirror, such as
 * Fashion-MNIST or CIFAR-10). Copy r of a sample draws its angle and mirror from the sample's seed and r, so the rows
 * do not depend on batching or partitioning. Image samples only; a grid arm trains one seeded cell per repeat.
 *
 * @param mirror     whether copies are also mirrored (with probability ½)
 * @param maxDegrees the largest rotation, in degrees
 * @param repeats    copies per sample
 */
public record GeometricAugmentation(boolean mirror, double maxDegrees, int repeats) implements CopyAugmentation {
    /** The method's spelling without mirroring. */
    public static final String ROTATE = "rotate";
    /** The method's spelling with mirroring. */
    public static final String FLIP_ROTATE = "fliprot";
    private static final long SALT = 0x6E0A7E5L;

    public GeometricAugmentation {
        if (!(maxDegrees > 0 && maxDegrees <= 180)) {
            throw new IllegalArgumentException("geometric.max-degrees must be in (0, 180], got " + maxDegrees);
        }
        if (repeats < 1) {
            throw new IllegalArgumentException("repeats must be at least 1, got " + repeats);
        }
    }

    @Override
    public String method() {
        return mirror ? FLIP_ROTATE : ROTATE;
    }

    @Override
    public String outputName() {
        return method() + "-" + Augmentation.label(maxDegrees);
    }

    @Override
    public Map<String, Object> fingerprintFields(int[] sampleShape) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("method", method());
        out.put("maxDegrees", maxDegrees);
        out.put("repeats", repeats);
        return out;
    }

    /** Fails unless the samples are images. */
    @Override
    public void requireApplicable(int[] sampleShape) {
        ImageTransform.requireImage(sampleShape, outputName());
    }

    /** The transform of copy {@code repeat} of the sample with seed {@code sampleSeed}. */
    public ImageTransform draw(long sampleSeed, int repeat) {
        SplittableRandom random = new SplittableRandom(Seeds.mix(sampleSeed, SALT, repeat));
        double degrees = (2 * random.nextDouble() - 1) * maxDegrees;
        boolean mirrored = mirror && random.nextBoolean();
        return new ImageTransform(mirrored, degrees);
    }

    @Override
    public String profileLabel() {
        return outputName();
    }

    @Override
    public float[] copy(float[] x, int[] shape, long sampleSeed, int repeat) {
        return draw(sampleSeed, repeat).apply(x, shape);
    }
}
