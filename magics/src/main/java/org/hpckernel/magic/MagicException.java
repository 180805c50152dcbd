package org.hpckernel.magic;

/**
 * A user-facing error: bad input, a refused connection, a rejected submission. Its message says what
 * went wrong and what to do; the kernel shows it without a Java stack trace.
 */
public class MagicException extends RuntimeException {

    public MagicException(String message) {
        super(message);
    }

    public MagicException(String message, Throwable cause) {
        super(message, cause);
    }
}
