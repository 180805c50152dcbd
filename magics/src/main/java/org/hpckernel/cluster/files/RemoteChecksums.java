package org.hpckernel.cluster.files;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hpckernel.cluster.ExecResult;
import org.hpckernel.cluster.Shell;
import org.hpckernel.cluster.Transport;

/**
 * SHA-256 of cluster files, many files in one command: a command a file would cost a round trip and
 * a process each, which is most of the time of a folder of small files. {@code openssl} where the
 * cluster has it (its SHA-256 uses the CPU's SHA instructions: a third of coreutils' CPU time, which
 * counts on a shared login node), else coreutils' {@code sha256sum}. Each file is read on stdin, so no
 * name is echoed back to parse; an unreadable one answers {@code -}.
 */
public final class RemoteChecksums {

    /** Files and command length per call: well under any server's ARG_MAX. */
    static final int MAX_FILES = 100;

    static final int MAX_COMMAND = 32 * 1024;

    private RemoteChecksums() {}

    /** The files in batches of at most {@link #MAX_FILES} whose command stays under {@link #MAX_COMMAND}. */
    static List<List<Plan.Item>> batches(List<Plan.Item> items, java.util.function.Function<Plan.Item, String> path) {
        List<List<Plan.Item>> out = new ArrayList<>();
        List<Plan.Item> batch = new ArrayList<>();
        int length = 0;
        for (Plan.Item item : items) {
            int more = command(path.apply(item)).length() + 2;
            if (!batch.isEmpty() && (batch.size() >= MAX_FILES || length + more > MAX_COMMAND)) {
                out.add(batch);
                batch = new ArrayList<>();
                length = 0;
            }
            batch.add(item);
            length += more;
        }
        if (!batch.isEmpty()) {
            out.add(batch);
        }
        return out;
    }

    /** Each path's SHA-256, in one command; {@code bytes} (their total size) sets the timeout. */
    public static Map<String, String> of(Transport transport, List<String> paths, long bytes) throws IOException {
        Duration timeout = Duration.ofSeconds(60 + bytes / (20L << 20));
        ExecResult r = transport.execIdempotent(
                String.join("; ", paths.stream().map(RemoteChecksums::command).toList()), timeout);
        String[] lines = r.stdout().strip().split("\n");
        if (lines.length != paths.size()) {
            throw new IOException("Cannot verify files on " + transport.describe() + ": `openssl`/`sha256sum` answered "
                    + lines.length + " lines for " + paths.size() + " files ("
                    + r.stderr().strip() + ")");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < lines.length; i++) {
            if (!lines[i].matches("[0-9a-f]{64}\\b.*")) {
                throw new IOException(
                        "Cannot verify " + paths.get(i) + ": neither `openssl` nor `sha256sum` on "
                                + transport.describe() + " could not read it. "
                                + "Files are checked with openssl or coreutils' sha256sum; is one of them on the cluster's PATH?");
            }
            out.put(paths.get(i), lines[i].substring(0, 64));
        }
        return out;
    }

    private static String command(String path) {
        String file = Shell.quote(path);
        return "{ openssl dgst -sha256 -r < " + file + " || sha256sum < " + file + " || echo -; } 2>/dev/null";
    }
}
