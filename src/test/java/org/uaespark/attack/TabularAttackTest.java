package org.uaespark.attack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;

import ai.djl.Device;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.uaespark.config.AttackProfiles;
import org.uaespark.models.UnsupervisedModel;
import org.uaespark.models.FloatMatrix;
import org.uaespark.models.ModelConfig;
import org.uaespark.models.ModelKind;
import org.uaespark.models.ModelRecipe;
import org.uaespark.models.ModelTrainer;
import org.uaespark.models.Models;
import org.uaespark.models.optim.OptimizerSpec;

/**
 * The MinMax attack on low-dimensional tabular rows (flat [d] samples): with the paper's plain sum f over d = 16
 * features the dual variable stays near c0, δ hardly leaves its (Glorot, ±0.59) initialisation and only the rows
 * whose random δ₀ happens to lower the error succeed; the {@code flat-criterion-reference} rule of the improved
 * profiles (f × 784/d) makes the attack succeed, while an image of the same 16 features is attacked exactly as
 * before.
 */
class TabularAttackTest {
    private static final int D = 16;
    private static UnsupervisedModel model;
    private static float[][] rows;

    /** 4 clusters in [0, 1]^16 (min-max scaled tabular data), a dense AE trained on 400 of them. */
    @BeforeAll
    static void trainOnGeneratedRows() {
        SplittableRandom random = new SplittableRandom(3);
        double[][] centres = new double[4][D];
        for (double[] c : centres) {
            for (int j = 0; j < D; j++) {
                c[j] = 0.2 + 0.6 * random.nextDouble();
            }
        }
        float[] data = new float[400 * D];
        for (int r = 0; r < 400; r++) {
            for (int j = 0; j < D; j++) {
                data[r * D + j] = (float) Math.min(1, Math.max(0, centres[r % 4][j] + 0.1 * random.nextGaussian()));
            }
        }
        OptimizerSpec rmsprop = new OptimizerSpec("rmsprop", 0.0025, 0.9, 0.9, 0.999, 1e-7);
        model = Models.create(new ModelConfig(new ModelRecipe(ModelKind.DENSE, 8, 1000, rmsprop, 30, 20, 3, 0.1, 1e-7),
                new int[] {D}), Device.cpu(), 3);
        ModelTrainer.train(model, new FloatMatrix(400, D, data), 3, null);
        rows = new float[40][];
        for (int r = 0; r < rows.length; r++) {
            rows[r] = java.util.Arrays.copyOfRange(data, r * D, (r + 1) * D);
        }
    }

    @AfterAll
    static void close() {
        model.close();
    }

    /** The shipped cpu profile's MinMax settings (T = 40, glorot δ₀) with a small statistics network. */
    private static AttackSettings cpu(int reference) {
        return AttackProfiles.shipped("cpu", AttackMethod.MINE).toBuilder().k(16).p(4).hidden(32).mineSteps(2)
                .flatCriterionReference(reference).build();
    }

    private static double asr(List<SampleOutcome> outcomes) {
        return outcomes.stream().filter(SampleOutcome::criterionMet).count() / (double) outcomes.size();
    }

    private static List<SampleOutcome> attack(AttackSettings settings, int[] shape) {
        long[] seeds = new long[rows.length];
        for (int i = 0; i < seeds.length; i++) {
            seeds[i] = 100 + i;
        }
        return new MinMaxAttack(settings).attack(model, rows, shape, seeds, 9);
    }

    @Test
    void theShippedRuleIsOnInTheImprovedProfilesAndOffInThePapers() {
        assertEquals(784, AttackProfiles.shipped("cpu", AttackMethod.MINE).flatCriterionReference());
        assertEquals(784, AttackProfiles.shipped("improved", AttackMethod.L2).flatCriterionReference());
        assertEquals(0, AttackProfiles.shipped("paper", AttackMethod.MINE).flatCriterionReference());
        assertEquals(49.0, cpu(784).criterionScale(new int[] {16}));
        assertEquals(1.0, cpu(784).criterionScale(new int[] {28, 28, 1}), "images are never rescaled");
        assertEquals(1.0, cpu(0).criterionScale(new int[] {16}));
        String json = org.uaespark.pipeline.store.Json.mapper().valueToTree(cpu(784)).toString();
        assertTrue(json.contains("\"k\":16") && !json.contains("flatCriterionReference"), "image attacks keep the "
                + "fingerprints they had: the rule enters a fingerprint only where it scales f: " + json);
        assertTrue(!new MinMaxAugmentation("cpu", cpu(784)).fingerprintFields(new int[] {28, 28, 1})
                .containsKey("criterionScale"));
        assertEquals(49.0, new MinMaxAugmentation("cpu", cpu(784)).fingerprintFields(new int[] {16})
                .get("criterionScale"));
    }

    @Test
    void thePlainSumLeavesLowDimensionalRowsNearTheirInitialisationAndTheRuleMakesTheAttackSucceed() {
        List<SampleOutcome> plain = attack(cpu(0), new int[] {D});
        List<SampleOutcome> scaled = attack(cpu(784), new int[] {D});
        assertTrue(asr(plain) < 0.6, "the plain sum: success only where δ₀ happens to lower the error, " + asr(plain));
        assertTrue(asr(scaled) >= 0.9, "f × 784/d: " + asr(scaled));
        double moved = 0;
        for (SampleOutcome o : scaled) {
            moved += o.lossAfter() <= o.lossBefore() ? 1 : 0;
        }
        assertEquals(asr(scaled), moved / scaled.size(), "f <= 0: the original model's loss did not rise");
    }

    @Test
    void anImageOfTheSameFeaturesIsAttackedExactlyAsWithoutTheRule() {
        int[] image = {4, 4, 1};
        List<SampleOutcome> off = attack(cpu(0), image);
        List<SampleOutcome> on = attack(cpu(784), image);
        for (int i = 0; i < off.size(); i++) {
            assertTrue(java.util.Arrays.equals(off.get(i).features(), on.get(i).features()), "sample " + i);
        }
    }

    @Test
    void repeatedAttacksKeepTheSingleAttackAsRepeatZeroAndSeedTheOthersApart() {
        int n = 6;
        long[] seeds = new long[n];
        String[] ids = new String[n];
        for (int i = 0; i < n; i++) {
            seeds[i] = 100 + i;
            ids[i] = "s" + i;
        }
        SampleBatch batch = new SampleBatch(ids, java.util.Arrays.copyOf(rows, n), new int[] {D}, seeds, 9);
        MinMaxAugmentation once = new MinMaxAugmentation("cpu", cpu(784));
        MinMaxAugmentation thrice = new MinMaxAugmentation("cpu", cpu(784), 3);
        List<AugmentedSample> single = once.augment(model, batch);
        List<AugmentedSample> repeated = thrice.augment(model, batch);
        assertEquals(n, single.size());
        assertEquals(3 * n, repeated.size());
        for (int b = 0; b < n; b++) {
            AugmentedSample first = repeated.get(b);
            assertTrue(java.util.Arrays.equals(single.get(b).features(), first.features()), "repeat 0 = the single "
                    + "attack, sample " + b);
            assertEquals(single.get(b).id(), first.id());
            assertEquals("s" + b + "~mine", first.id());
            for (int r = 1; r < 3; r++) {
                AugmentedSample other = repeated.get(r * n + b);
                assertEquals("s" + b + "~mine~r" + r, other.id());
                assertEquals(r, other.repeat());
                assertEquals(seeds[b], other.seed(), "rows keep the sample's seed; the repeat says how it was mixed");
                assertTrue(!java.util.Arrays.equals(first.features(), other.features()), "repeat " + r + " of sample "
                        + b + " is drawn independently");
            }
        }
        assertEquals(1, once.rowsPerSample());
        assertTrue(!once.cellPerRepeat() && thrice.cellPerRepeat());
        assertTrue(!once.fingerprintFields(new int[] {D}).containsKey("repeats"), "single tables keep their "
                + "fingerprints");
        assertEquals(3, thrice.fingerprintFields(new int[] {D}).get("repeats"));
    }

    @Test
    void aWarmedUpEstimatorStartsTheAttackTrainedAndZeroWarmUpKeepsTheFingerprint() {
        AttackSettings learning = cpu(784).toBuilder().iterations(3).mineOptimizer(
                new org.uaespark.models.optim.OptimizerSpec("adam", 1e-3, 0.9, 0.9, 0.999, 1e-8)).build();
        AttackSettings warmed = learning.toBuilder().mineWarmupSteps(150).build();
        String cold = org.uaespark.pipeline.store.Json.mapper().valueToTree(learning).toString();
        assertTrue(!cold.contains("mineWarmupSteps"), "no warm-up: the JSON (and fingerprints) as before: " + cold);
        assertTrue(org.uaespark.pipeline.store.Json.mapper().valueToTree(warmed).toString()
                .contains("\"mineWarmupSteps\":150"));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> AttackProfiles
                .shipped("cpu", AttackMethod.L2).toBuilder().mineWarmupSteps(5).build(), "L2 has no estimator");
        long[] seeds = new long[rows.length];
        for (int i = 0; i < seeds.length; i++) {
            seeds[i] = 100 + i;
        }
        List<SampleOutcome> before = new MinMaxAttack(learning).withTraces().attack(model, rows, new int[] {D}, seeds, 9);
        List<SampleOutcome> after = new MinMaxAttack(warmed).withTraces().attack(model, rows, new int[] {D}, seeds, 9);
        double coldFirst = before.stream().mapToDouble(o -> o.trace().get(0).mi()).average().orElseThrow();
        double warmFirst = after.stream().mapToDouble(o -> o.trace().get(0).mi()).average().orElseThrow();
        assertTrue(warmFirst > coldFirst + 0.3, "first-iteration estimate: cold " + coldFirst + ", after 150 "
                + "warm-up steps " + warmFirst);
    }
}
