package org.hpckernel.magic;

import org.hpckernel.HpcException;

/**
 * A user-facing error of a magic: bad options, a missing cell. Lower layers throw {@link HpcException};
 * a magic passes theirs on as one of these, with the same message.
 */
public class MagicException extends HpcException {

    public MagicException(String message) {
        super(message);
    }

    public MagicException(String message, Throwable cause) {
        super(message, cause);
    }
}
