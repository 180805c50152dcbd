package org.hpckernel.ledger;

import java.nio.file.Path;
import java.util.Optional;

/** A second "kernel" for {@link LedgerTest}: its own JVM writing jobs and states into one ledger file. */
public final class LedgerWriter {

    private LedgerWriter() {}

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        String kernel = args[1];
        int jobs = Integer.parseInt(args[2]);
        try (Ledger ledger = Ledger.open(file)) {
            for (int i = 0; i < jobs; i++) {
                String id = kernel + "-" + i;
                ledger.submissionStarted("t" + id, "c", "/d/" + id);
                ledger.submitted("t" + id, "c", id, "job", "/d/" + id, "{}", "h");
                ledger.stateSeen("c", id, "RUNNING", Optional.empty(), "");
                ledger.stateSeen("c", id, "COMPLETED", Optional.of(0), "");
            }
        }
    }
}
