package org.hpckernel.magic.hpc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code %hpc debug}: where the kernel's log is, its last lines, and the versions and files in use. */
@Command(
        name = "debug",
        description = "Show the kernel's log file (every swallowed error is recorded there with its context), "
                + "its last lines, and the versions and files this kernel uses. Attach it to a bug report.")
final class DebugCommand implements Callable<Object> {

    /** Set by the kernel to its log file; absent when the magics run inside another program. */
    public static final String LOG_FILE_PROPERTY = "hpckernel.log.file";

    @Option(names = "--lines", description = "How many of the log's last lines to show (default 30)")
    int lines = 30;

    @Override
    public Object call() throws IOException {
        StringBuilder out = new StringBuilder();
        out.append("hpc-kernel on Java ")
                .append(System.getProperty("java.version"))
                .append(" (")
                .append(System.getProperty("java.vm.name"))
                .append("), ")
                .append(System.getProperty("os.name"))
                .append(' ')
                .append(System.getProperty("os.arch"))
                .append('\n');
        out.append("profiles: ")
                .append(org.hpckernel.cluster.profile.UserDirs.config().resolve("hpc-kernel"))
                .append('\n');
        out.append("ledger:   ")
                .append(org.hpckernel.cluster.profile.UserDirs.data().resolve("hpc-kernel"))
                .append('\n');
        String file = System.getProperty(LOG_FILE_PROPERTY);
        if (file == null) {
            out.append(
                    "log:      none here: the magics run outside the kernel, so they log through the host program's SLF4J binding\n");
            return out.toString();
        }
        Path log = Path.of(file);
        out.append("log:      ")
                .append(log)
                .append(" (rotated: ")
                .append(log.getFileName())
                .append(" is the newest)\n");
        if (!Files.exists(log)) {
            out.append("(nothing logged yet)\n");
            return out.toString();
        }
        List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
        int from = Math.max(0, all.size() - Math.max(1, lines));
        out.append("--- last ")
                .append(all.size() - from)
                .append(" of ")
                .append(all.size())
                .append(" lines ---\n");
        all.subList(from, all.size()).forEach(l -> out.append(l).append('\n'));
        return out.toString();
    }
}
