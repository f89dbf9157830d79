package org.uaespark.models;

/**
 * Training produced a non-finite loss: the parameters are NaN or infinite, and the model must not be published or
 * scored.
 */
public class TrainingDivergedException extends RuntimeException {
    /** @param message what diverged, in which epoch, with which seed */
    public TrainingDivergedException(String message) {
        super(message);
    }
}
