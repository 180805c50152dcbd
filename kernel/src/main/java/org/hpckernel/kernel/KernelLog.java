package org.hpckernel.kernel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.logging.ConsoleHandler;
import java.util.logging.FileHandler;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.hpckernel.cluster.profile.UserDirs;

/**
 * The kernel's log: SLF4J (slf4j-jdk14) into java.util.logging, written to a rotating file in the
 * user's state folder, {@code $XDG_STATE_HOME/hpc-kernel/kernel.0.log} (3 files of 1 MB). Our own
 * packages log at FINE (every swallowed error, with its context); libraries at INFO. Only warnings
 * reach the console, which is the Jupyter server's terminal, never a cell.
 */
final class KernelLog {

    static final int FILES = 3;
    static final int BYTES_PER_FILE = 1 << 20;

    private KernelLog() {}

    /** Sets it up in the user's state folder; returns the newest file, or null when it cannot be written. */
    static Path configure() {
        return configure(UserDirs.state().resolve("hpc-kernel"));
    }

    /** Sets it up in {@code dir}; returns the newest file, or null when the folder cannot be written (the console still works). */
    static Path configure(Path dir) {
        // SLF4J would print its provider notices into the first cell's stderr
        System.setProperty("slf4j.internal.verbosity", "ERROR");
        LogManager.getLogManager().reset();
        Logger root = Logger.getLogger("");
        root.setLevel(Level.INFO);
        ConsoleHandler console = new ConsoleHandler();
        console.setLevel(Level.WARNING);
        root.addHandler(console);
        Logger.getLogger("org.hpckernel").setLevel(Level.FINE);
        try {
            Files.createDirectories(dir);
            FileHandler file = new FileHandler(dir.resolve("kernel.%g.log").toString(), BYTES_PER_FILE, FILES, true);
            file.setFormatter(new OneLine());
            file.setLevel(Level.FINE);
            root.addHandler(file);
            Path newest = dir.resolve("kernel.0.log");
            System.setProperty(org.hpckernel.magic.hpc.HpcMagic.LOG_FILE_PROPERTY, newest.toString());
            return newest;
        } catch (IOException | SecurityException e) {
            Logger.getLogger(KernelLog.class.getName())
                    .log(Level.WARNING, "no log file in " + dir + ": " + e.getMessage());
            return null;
        }
    }

    /** {@code TIME LEVEL logger: message}, then the exception's trace, one record per line group. */
    static final class OneLine extends Formatter {
        @Override
        public String format(LogRecord r) {
            StringBuilder s = new StringBuilder()
                    .append(Instant.ofEpochMilli(r.getMillis()))
                    .append(' ')
                    .append(r.getLevel().getName())
                    .append(' ')
                    .append(r.getLoggerName())
                    .append(": ")
                    .append(formatMessage(r))
                    .append('\n');
            if (r.getThrown() != null) {
                java.io.StringWriter trace = new java.io.StringWriter();
                r.getThrown().printStackTrace(new java.io.PrintWriter(trace));
                s.append(trace);
            }
            return s.toString();
        }
    }
}
