package org.uaespark.models;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The paper's four autoencoders, its feature-selection model and its contrastive model. {@link #configName()} is the spelling used in configuration and on the CLI. */
public enum ModelKind {
    /** Dense(d→latent, sigmoid) → Dense(latent→d, sigmoid), MSE + KL sparsity + L1 activity. */
    SPARSE,
    /** Dense(d→latent, sigmoid) → Dense(latent→d, sigmoid), MSE. */
    DENSE,
    /** Keras-blog convolutional autoencoder, binary cross-entropy; MINE may compare its first-layer channels. */
    CONV {
        @Override
        void requireInputShape(int[] shape) {
            if (shape.length != 3 || shape[0] % 4 != 0 || shape[1] % 4 != 0) {
                throw new IllegalArgumentException("the conv autoencoder needs [height, width, channels] samples with "
                        + "height and width divisible by 4 (two 2× poolings), got " + Arrays.toString(shape));
            }
        }

        @Override
        Optional<FeatureMaps> mineFeatureMaps(ModelRecipe recipe, int[] shape) {
            return Optional.of(new FeatureMaps(ConvAutoencoder.FIRST_CHANNELS, shape[0], shape[1]));
        }
    },
    /** Adversarial autoencoder: 1000-1000-latent encoder, mirrored decoder, 1000-1000-1 discriminator. */
    ADVERSARIAL,
    /** Concrete autoencoder: selects {@code latent} of the input features, decodes all of them (Table 3). */
    CONCRETE {
        @Override
        void requireInputShape(int[] shape) {
            if (Arrays.stream(shape).asLongStream().reduce(1, Math::multiplyExact) < 2) {
                throw new IllegalArgumentException("the concrete autoencoder selects among at least 2 features, got "
                        + "samples of shape " + Arrays.toString(shape));
            }
        }
    },
    /**
     * SimCLR (Table 4): a ResNet encoder with the CIFAR stem and a projection head trained with NT-Xent on
     * augmented views; MINE may compare the stem convolution's maps.
     */
    SIMCLR {
        @Override
        void requireInputShape(int[] shape) {
            if (shape.length != 3 || shape[0] < 8 || shape[1] < 8 || (shape[2] != 1 && shape[2] != 3)) {
                throw new IllegalArgumentException("simclr needs [height, width, channels] images of at least 8×8 "
                        + "pixels with 1 or 3 channels, got " + Arrays.toString(shape));
            }
        }

        @Override
        Optional<FeatureMaps> mineFeatureMaps(ModelRecipe recipe, int[] shape) {
            return Optional.of(new FeatureMaps(recipe.contrastive().width(), shape[0], shape[1]));
        }
    };

    /** Fails naming the shape when the architecture cannot take samples of {@code shape} (positive sizes). */
    void requireInputShape(int[] shape) {
    }

    /** The feature maps a model of this kind offers MINE for samples of {@code shape}: none by default. */
    Optional<FeatureMaps> mineFeatureMaps(ModelRecipe recipe, int[] shape) {
        return Optional.empty();
    }

    /** What the model's evaluation loss is ({@link UnsupervisedModel#lossSums}), for logs and tables. */
    public String lossName() {
        return this == SIMCLR ? "NT-Xent" : "MSE";
    }

    /** Lower-case name, e.g. {@code adversarial}. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a configuration name; the error lists the accepted ones. */
    public static ModelKind fromConfig(String name) {
        for (ModelKind k : values()) {
            if (k.configName().equals(name.trim().toLowerCase(Locale.ROOT))) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown model '" + name + "'; expected one of "
                + Arrays.stream(values()).map(ModelKind::configName).toList());
    }
}
