package org.hpckernel.cluster;

import org.hpckernel.HpcException;

/** The scheduler refused a job: its own words, and what to try. Nothing was submitted. */
public final class SubmitFailed extends HpcException {

    public SubmitFailed(String scheduler, String schedulerMessage, String advice) {
        super(scheduler + " refused the job: " + schedulerMessage.strip() + (advice.isEmpty() ? "" : "\n" + advice));
    }
}
