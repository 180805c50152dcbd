package org.hpckernel.cluster.modules;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hpckernel.cluster.ExecResult;
import org.hpckernel.cluster.SubmitFailed;
import org.hpckernel.cluster.Transport;

/**
 * One profile's module list, read once and kept a few minutes (modules change rarely, submissions
 * are many), and the submit-time check of {@code --module} against it. A check that cannot run (no
 * module system, a listing that failed or took too long) never refuses a job; a module the list
 * certainly lacks is refused before anything is submitted.
 */
public final class ModuleCatalog {

    static final Duration KEPT = Duration.ofMinutes(10);
    /** After a listing that failed, submissions go on unchecked this long before it is asked again. */
    static final Duration RETRY = Duration.ofMinutes(1);
    /** Lmod's spider without a cache walks every module folder: slow on big sites, but a submission does not wait longer. */
    static final Duration SUBMIT_WAIT = Duration.ofSeconds(20);

    static final Duration LIST_WAIT = Duration.ofMinutes(2);

    private final Transport transport;
    private Optional<ModuleList> known = Optional.empty();
    private long askAt = System.nanoTime();
    private boolean saidNoModuleSystem;

    public ModuleCatalog(Transport transport) {
        this.transport = transport;
    }

    /** The modules, from the kept list unless {@code refresh} or it is older than {@link #KEPT}. */
    public synchronized ModuleList list(boolean refresh) throws IOException {
        if (refresh || known.isEmpty() || System.nanoTime() - askAt >= 0) {
            ExecResult r = transport.execIdempotent(ModuleQuery.command(), LIST_WAIT);
            Optional<ModuleList> read = ModuleQuery.parse(r.stdout());
            if (read.isEmpty()) {
                throw new IOException("the module list could not be read on " + transport.describe() + ": "
                        + firstLines(r.stdout() + "\n" + r.stderr()));
            }
            remember(read);
        }
        return known.orElseThrow();
    }

    /**
     * Checks the modules a job loads; refuses one the list certainly lacks, with the closest
     * names. Returns a note for the submit output when the check could not run (said once when
     * the cluster has no module system), else empty.
     */
    public synchronized String check(List<String> modules) {
        if (modules.isEmpty()) {
            return "";
        }
        if (known.isEmpty() || System.nanoTime() - askAt >= 0) {
            try {
                ExecResult r = transport.execIdempotent(ModuleQuery.command(), SUBMIT_WAIT);
                Optional<ModuleList> read = ModuleQuery.parse(r.stdout());
                if (read.isEmpty()) {
                    known = Optional.empty();
                    askAt = System.nanoTime() + RETRY.toNanos();
                } else {
                    remember(read);
                }
            } catch (IOException | RuntimeException unreadable) {
                known = Optional.empty();
                askAt = System.nanoTime() + RETRY.toNanos();
            }
        }
        if (known.isEmpty()) {
            return "The module list could not be read on " + transport.describe() + ", so --module "
                    + String.join(", ", modules) + " was not checked; the job's log says if a module does not load.";
        }
        ModuleList list = known.get();
        if (!list.hasModuleSystem()) {
            if (saidNoModuleSystem) {
                return "";
            }
            saidNoModuleSystem = true;
            return "The login node of " + transport.describe()
                    + " has no module system (no `module` command in a login shell), so "
                    + "--module was not checked; the job's log says whether the compute nodes have one.";
        }
        List<String> problems = new ArrayList<>();
        for (String m : modules) {
            ModuleNames.problem(list, m).ifPresent(problems::add);
        }
        if (!problems.isEmpty()) {
            throw new SubmitFailed(
                    "The module check",
                    String.join("\n", problems),
                    "Fix the --module name (or the profile's modules); `%hpc modules NAME` searches the list. Not submitted; nothing else changed.");
        }
        return "";
    }

    private void remember(Optional<ModuleList> read) {
        known = read;
        askAt = System.nanoTime() + KEPT.toNanos();
    }

    private static String firstLines(String text) {
        String s = text.strip();
        return s.length() > 400 ? s.substring(0, 400) + "..." : s.isEmpty() ? "no output" : s;
    }
}
