package org.hpckernel.tracking;

import java.io.IOException;

/** W&B answered with an error; the message says what to do and never contains the API key. */
public class WandbException extends IOException {
    private final int status;

    public WandbException(int status, String message) {
        super(message);
        this.status = status;
    }

    /** The HTTP status, or 200 for a GraphQL error in a successful answer. */
    public int status() {
        return status;
    }
}
