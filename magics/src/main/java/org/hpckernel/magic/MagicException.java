package org.hpckernel.magic;

import org.hpckernel.HpcException;

/**
 * A user-facing error of a magic: bad options, a missing cell. Lower layers throw {@link HpcException}
 * (or a subtype such as SubmitFailed), which a magic passes on unchanged; the kernel shows both alike.
 */
public class MagicException extends HpcException {

    public MagicException(String message) {
        super(message);
    }

    public MagicException(String message, Throwable cause) {
        super(message, cause);
    }
}
