package org.uaespark.attack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import ai.djl.Device;
import org.junit.jupiter.api.Test;

import org.uaespark.config.AttackProfiles;
import org.uaespark.models.FloatMatrix;
import org.uaespark.models.ModelConfig;
import org.uaespark.models.ModelTrainer;
import org.uaespark.models.Models;
import org.uaespark.models.UnsupervisedModel;
import org.uaespark.testing.ContrastiveConfigs;
import org.uaespark.testing.RealData;

/**
 * The MinMax attack on SimCLR: MINE compares the stem convolution's maps, the criterion is NT-Xent over the
 * sample's fixed views, every output is an image in [0, 1] whose recorded losses agree with the criterion, and a
 * sample's outcome does not depend on its batch.
 */
class ContrastiveAttackTest {
    private static final int[] SHAPE = {28, 28, 1};

    @Test
    void simclrIsAttackedThroughItsStemMapsAndItsOwnLoss() {
        FloatMatrix train = RealData.mnist("train", 256);
        ModelConfig config = ContrastiveConfigs.small(SHAPE, 4, 1, 64);
        AttackSettings settings = AttackProfiles.shipped("simclr-cpu", AttackMethod.MINE).toBuilder().iterations(4)
                .mineSteps(2).hidden(16).build();
        assertEquals(4, settings.mineFeatureMaps(config).orElseThrow().channels(), "conv MINE on the stem's 4 maps");
        try (UnsupervisedModel model = Models.create(config, Device.cpu(), 2)) {
            ModelTrainer.train(model, train, 2, null);
            float[][] abc = {train.row(0), train.row(1), train.row(2)};
            float[][] cab = {train.row(2), train.row(0), train.row(1)};
            List<SampleOutcome> first = new MinMaxAttack(settings).withTraces().attack(model, abc, SHAPE,
                    new long[] {10, 11, 12}, 3);
            List<SampleOutcome> second = new MinMaxAttack(settings).attack(model, cab, SHAPE, new long[] {12, 10, 11}, 3);
            for (int i = 0; i < 3; i++) {
                SampleOutcome o = first.get(i);
                assertTrue(Double.isFinite(o.mi()) && Double.isFinite(o.lossAfter()), o.trace().toString());
                assertEquals(o.lossAfter() <= o.lossBefore(), o.criterionMet());
                double[] recomputed = model.perSample(new FloatMatrix(1, 784, abc[i]),
                        new FloatMatrix(1, 784, o.features()));
                assertEquals(recomputed[0], o.lossAfter(), 1e-4 * Math.abs(recomputed[0]));
                for (float v : o.features()) {
                    assertTrue(v >= 0 && v <= 1);
                }
            }
            assertArrayEquals(first.get(0).features(), second.get(1).features(), 1e-4f,
                    "a sample's attack does not depend on its batch");
        }
    }
}
