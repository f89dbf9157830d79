package org.uaespark.models;

/**
 * The contrastive model's own part of its recipe ({@code uae.models.simclr}); the projection head's widths are
 * the recipe's {@code hidden} and {@code latent}, its batch and epochs the recipe's, and its optimiser's learning
 * rate LARS' base rate per 256 samples of batch (the peak rate is that × batch / 256).
 *
 * @param width          channels of the ResNet stem; the four stages have width, 2·width, 4·width, 8·width
 *                       channels, so the pooled representation has 8·width features (ResNet-18: 64 → 512)
 * @param blocks         basic residual blocks per stage (ResNet-18: 2)
 * @param temperature    NT-Xent temperature τ (0.5)
 * @param warmupEpochs   epochs of linear learning-rate warm-up before the cosine decay (10)
 * @param weightDecay    L2 weight decay of every parameter but batch-norm and biases (1e-4)
 * @param momentum       LARS momentum (0.9)
 * @param trustCoefficient LARS η: the layer-wise rate is η·‖w‖/‖g‖ (0.001)
 * @param jitterStrength colour-jitter strength s: brightness, contrast and saturation factors in [1 − 0.8s,
 *                       1 + 0.8s], hue shift in [−0.2s, 0.2s] (0.5)
 * @param attackViews    augmented view pairs per sample in the attack criterion (the paper tiles 50 pairs)
 * @param attackAugmentation augment the criterion's views (true); false = the released code's identical,
 *                       unaugmented views, under which L is the constant 2·ln(2·attackViews − 1) whatever the input,
 *                       every hinge is 0 and the ASR trivially 100 % (spec §1.6, "codeFaithful")
 */
public record ContrastiveRecipe(int width, int blocks, double temperature, int warmupEpochs,
        double weightDecay, double momentum, double trustCoefficient, double jitterStrength, int attackViews,
        boolean attackAugmentation) implements java.io.Serializable {

    public ContrastiveRecipe {
        if (width <= 0 || blocks <= 0 || attackViews <= 0 || warmupEpochs < 0) {
            throw new IllegalArgumentException("simclr: width, blocks and attack-views must be positive and "
                    + "warmup-epochs non-negative, got width " + width + ", blocks " + blocks + ", attack-views "
                    + attackViews + ", warmup-epochs " + warmupEpochs);
        }
        if (!(temperature > 0) || weightDecay < 0 || momentum < 0 || momentum >= 1
                || !(trustCoefficient > 0) || jitterStrength < 0 || jitterStrength > 1.25) {
            throw new IllegalArgumentException("simclr: temperature and trust-coefficient must be "
                    + "positive, weight-decay non-negative, momentum in [0, 1) and jitter-strength in [0, 1.25]");
        }
    }

    /** Features of the pooled representation the linear evaluation reads: 8 × {@link #width}. */
    public int representationSize() {
        return 8 * width;
    }
}
