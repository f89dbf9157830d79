package org.uaespark.attack;

/**
 * Training samples augmented together.
 *
 * @param ids        sample ids, in batch order
 * @param features   the samples, B rows of d values in [0, 1]
 * @param shape      the shape of one sample
 * @param seeds      one seed per sample, from (run seed, sample id): every draw of a sample comes from it
 * @param sharedSeed seed of draws shared by the batch, from the run seed
 */
public record SampleBatch(String[] ids, float[][] features, int[] shape, long[] seeds, long sharedSeed) {

    public SampleBatch {
        if (ids.length == 0 || ids.length != features.length || ids.length != seeds.length) {
            throw new IllegalArgumentException("a batch needs as many ids, feature rows and seeds, at least one");
        }
    }

    /** Samples in the batch. */
    public int size() {
        return ids.length;
    }
}
