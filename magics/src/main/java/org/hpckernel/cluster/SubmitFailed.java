package org.hpckernel.cluster;

import org.hpckernel.magic.MagicException;

/** The scheduler refused a job: its own words, and what to try. Nothing was submitted. */
public final class SubmitFailed extends MagicException {

    public SubmitFailed(String scheduler, String schedulerMessage, String advice) {
        super(scheduler + " refused the job: " + schedulerMessage.strip() + (advice.isEmpty() ? "" : "\n" + advice));
    }
}
