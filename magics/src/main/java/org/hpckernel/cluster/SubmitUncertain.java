package org.hpckernel.cluster;

import org.hpckernel.HpcException;

/**
 * A submission whose outcome is not known yet: the scheduler timed out or has not answered. It is
 * recorded and reconciled later, never reported as refused, never submitted again.
 */
public final class SubmitUncertain extends HpcException {

    public SubmitUncertain(String message) {
        super(message);
    }
}
