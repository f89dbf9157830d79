package org.uaespark.models;

import java.util.Arrays;
import java.util.Locale;

/** The paper's four autoencoders. {@link #configName()} is the spelling used in configuration and on the CLI. */
public enum ModelKind {
    /** Dense(d→latent, sigmoid) → Dense(latent→d, sigmoid), MSE + KL sparsity + L1 activity. */
    SPARSE,
    /** Dense(d→latent, sigmoid) → Dense(latent→d, sigmoid), MSE. */
    DENSE,
    /** Keras-blog convolutional autoencoder, binary cross-entropy. */
    CONV,
    /** Adversarial autoencoder: 1000-1000-latent encoder, mirrored decoder, 1000-1000-1 discriminator. */
    ADVERSARIAL;

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
