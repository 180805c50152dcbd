package org.hpckernel.magic.hpc;

import java.util.List;
import org.hpckernel.cluster.files.Copied;

/** What a put or get says when it ends: counts, bytes, speed, and each file when there are few. */
final class CopyReport {

    private static final int LISTED = 20;

    private CopyReport() {}

    static String of(String verb, List<Copied> copied, double seconds) {
        if (copied.isEmpty()) {
            return "Nothing to " + verb + ": the folder is empty.";
        }
        List<Copied> moved = copied.stream()
                .filter(c -> c.outcome() == Copied.Outcome.COPIED)
                .toList();
        long bytes = moved.stream().mapToLong(c -> c.size() - c.resumedFrom()).sum();
        long skipped = (long) copied.size() - moved.size();
        StringBuilder b = new StringBuilder();
        if (moved.isEmpty()) {
            b.append(
                    skipped == 1 ? "Unchanged, nothing copied" : "All " + skipped + " files unchanged, nothing copied");
        } else {
            b.append(verb.equals("put") ? "Put " : "Got ")
                    .append(moved.size())
                    .append(moved.size() == 1 ? " file" : " files");
            b.append(" (").append(ProgressBar.size(bytes)).append(" in ").append(String.format("%.1f s", seconds));
            if (seconds > 0.5) {
                b.append(", ")
                        .append(ProgressBar.size((long) (bytes / seconds)))
                        .append("/s");
            }
            b.append("), each verified by SHA-256");
            if (skipped > 0) {
                b.append("; ").append(skipped).append(" unchanged, skipped");
            }
        }
        b.append(".\n");
        if (copied.size() <= LISTED) {
            for (Copied c : copied) {
                b.append("  ")
                        .append(c.from())
                        .append(" -> ")
                        .append(c.to())
                        .append("  ")
                        .append(ProgressBar.size(c.size()))
                        .append(
                                switch (c.outcome()) {
                                    case COPIED ->
                                        c.resumedFrom() > 0 ? ", resumed at " + ProgressBar.size(c.resumedFrom()) : "";
                                    case UNCHANGED -> ", unchanged (same size and time)";
                                    case SAME_CONTENT -> ", unchanged (same SHA-256)";
                                })
                        .append('\n');
            }
        }
        return b.toString();
    }
}
