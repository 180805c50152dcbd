package org.hpckernel.tracking;

import java.io.IOException;

/** No artifact or alias by that name; the message says which and where. */
public class ArtifactNotFoundException extends IOException {
    public ArtifactNotFoundException(String message) {
        super(message);
    }
}
