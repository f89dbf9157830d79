package org.uaespark.data;

/**
 * Input data failed validation: a file or table is missing, malformed or holds values the pipeline
 * cannot accept. The message always names the file, table or column and the problem, so that a
 * scheduler log line is enough to fix the input. The CLI maps it to exit code 3.
 */
public class InputValidationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message what is wrong, naming the file, table or column */
    public InputValidationException(String message) {
        super(message);
    }

    /**
     * @param message what is wrong, naming the file, table or column
     * @param cause the low-level failure behind it
     */
    public InputValidationException(String message, Throwable cause) {
        super(message, cause);
    }

    /** A problem located in one input file: the message starts with the file path. */
    public static InputValidationException inFile(Object file, String problem) {
        return new InputValidationException(file + ": " + problem);
    }
}
