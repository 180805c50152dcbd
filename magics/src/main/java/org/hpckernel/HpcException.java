package org.hpckernel;

/**
 * A user-facing error from any layer: bad input, a refused connection, a rejected submission. Its
 * message says what went wrong and what to do; the kernel shows it without a Java stack trace. The
 * lowest type of the project, so that the cluster, sweep and tracking layers need nothing above them.
 */
public class HpcException extends RuntimeException {

    public HpcException(String message) {
        super(message);
    }

    public HpcException(String message, Throwable cause) {
        super(message, cause);
    }
}
