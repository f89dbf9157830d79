package org.uaespark.config;

/**
 * The run's configuration is unusable: an unknown profile, a missing or mistyped key, a value out of its
 * range, or a conflict with what the run directory already holds. The CLI maps it to exit code 2.
 */
public class ConfigurationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message which key or file is wrong and what is expected */
    public ConfigurationException(String message) {
        super(message);
    }

    /**
     * @param message which key or file is wrong and what is expected
     * @param cause   the underlying parse or type error
     */
    public ConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
