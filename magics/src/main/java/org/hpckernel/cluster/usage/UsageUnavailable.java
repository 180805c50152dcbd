package org.hpckernel.cluster.usage;

import java.io.IOException;

/** The scheduler cannot say what jobs used (no accounting, or it did not answer); the message says why in one line. */
public final class UsageUnavailable extends IOException {

    public UsageUnavailable(String why) {
        super(why);
    }
}
