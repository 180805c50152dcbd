package org.hpckernel.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A chained run seen from the notebook: ONE state for its N links, from the links' verdicts in
 * {@code chain.log} (written by the job, see {@link ChainScript}) and the scheduler's states of its
 * array tasks. The reason always starts with {@code K/N links ended}, read back by {@link #label}.
 */
public final class ChainStatus {

    private static final Pattern LINE = Pattern.compile("^(\\d+) (next|stop|end) ([A-Z_]+) (.*)$");
    private static final Pattern PROGRESS = Pattern.compile("^(\\d+)/(\\d+) links ended");

    private ChainStatus() {}

    /** One link's verdict: {@code 1 next TIMEOUT time limit, with progress...}. */
    record Verdict(int link, String verdict, JobState state, String why) {}

    static List<Verdict> verdicts(String chainLog) {
        List<Verdict> out = new ArrayList<>();
        for (String line : chainLog.split("\n")) {
            Matcher m = LINE.matcher(line.strip());
            if (m.matches()) {
                JobState state;
                try {
                    state = JobState.valueOf(m.group(3));
                } catch (IllegalArgumentException unknownWord) {
                    state = JobState.UNKNOWN;
                }
                out.add(new Verdict(Integer.parseInt(m.group(1)), m.group(2), state, m.group(4)));
            }
        }
        return out;
    }

    /**
     * The chain's status: ended as its stopping link says (COMPLETED when a link touched
     * HPC_CHAIN_DONE), or as its last link ended; RUNNING from the first link's start until then.
     * {@code scheduler} is the array parent's state as the scheduler tells it, for what the log
     * cannot say (not started yet, cancelled as a whole, a last link killed before its trap).
     */
    public static JobStatus of(JobId parent, int links, JobStatus scheduler, String chainLog) {
        List<Verdict> verdicts = verdicts(chainLog);
        long ended = verdicts.stream().mapToInt(Verdict::link).distinct().count();
        String head = ended + "/" + links + " links ended";
        Optional<Verdict> last =
                verdicts.stream().filter(v -> !v.verdict().equals("next")).findFirst();
        if (last.isPresent()) {
            Verdict v = last.get();
            String why = v.verdict().equals("stop")
                    ? (v.state() == JobState.COMPLETED
                            ? "link " + v.link() + " finished the work (" + v.why() + ")"
                            : "stopped at link " + v.link() + ": " + v.why()
                                    + (v.link() < links
                                            ? "; links " + (v.link() + 1) + "-" + links + " cancelled"
                                            : ""))
                    : "all " + links + " links ran; the last: " + v.why()
                            + (v.state() == JobState.TIMEOUT
                                    ? " (the work may not be done: a new chain resumes with --env HPC_CHAIN_STATE=PATH)"
                                    : "");
            return status(parent, v.state(), head + ": " + why, exitCode(v), scheduler);
        }
        if (scheduler.state().isTerminal()) {
            // no verdict says why: cancelled as a whole, or the last link killed before its trap ran
            return status(
                    parent,
                    scheduler.state(),
                    head + ": "
                            + (scheduler.reason().isBlank() ? scheduler.state().name() : scheduler.reason()),
                    scheduler.exitCode(),
                    scheduler);
        }
        if (ended > 0 && scheduler.state() != JobState.UNKNOWN) {
            String doing = scheduler.state() == JobState.PENDING ? "waiting to start" : "running";
            return status(
                    parent,
                    JobState.RUNNING,
                    head + ": link " + (ended + 1) + " " + doing + "; link " + ended + ": "
                            + verdicts.get(verdicts.size() - 1).why(),
                    Optional.empty(),
                    scheduler);
        }
        return new JobStatus(
                parent,
                scheduler.state(),
                Optional.empty(),
                Optional.empty(),
                head + (scheduler.reason().isBlank() ? "" : ": " + scheduler.reason()),
                scheduler.source());
    }

    private static Optional<Integer> exitCode(Verdict v) {
        Matcher m = Pattern.compile("^exit code (\\d+)$").matcher(v.why());
        return m.matches()
                ? Optional.of(Integer.parseInt(m.group(1)))
                : v.state() == JobState.COMPLETED ? Optional.of(0) : Optional.empty();
    }

    /** Ended by the scheduler's word (queue, accounting), the state stands; otherwise it is the job's own, asked again. */
    private static JobStatus status(
            JobId parent, JobState state, String reason, Optional<Integer> exit, JobStatus scheduler) {
        JobStatus.Source source = scheduler.state().isTerminal() ? scheduler.source() : JobStatus.Source.EXIT_FILE;
        return new JobStatus(parent, state, exit, Optional.empty(), reason, source);
    }

    /** What to do about a chain that ended at a time limit, which more --time alone would not say; empty for other ends. */
    public static Optional<String> advice(JobStatus chain) {
        if (chain.state() != JobState.TIMEOUT
                || !PROGRESS.matcher(chain.reason()).find()) {
            return Optional.empty();
        }
        if (chain.reason().contains(ChainScript.NO_PROGRESS)) {
            return Optional.of(
                    "a link reached its time limit without changing HPC_CHAIN_STATE, so the chain stopped rather than repeat it: "
                            + "make the job save its progress to $HPC_CHAIN_STATE before the limit (or name its own checkpoint with "
                            + "--env HPC_CHAIN_STATE=PATH), or give each link more --time.");
        }
        return Optional.of(
                "every link ran and the last one reached its time limit: submit a new chain that resumes from the same state "
                        + "(--env HPC_CHAIN_STATE=PATH to that file), with more --chain links or more --time.");
    }

    /** {@code chain 2/3 RUNNING} for a chain's status (its reason starts with {@code 2/3 links ended}). */
    public static String label(JobStatus chain) {
        return label(chain.state().name(), chain.reason());
    }

    /** {@link #label} from a state and reason as the ledger keeps them. */
    public static String label(String state, String reason) {
        Matcher m = PROGRESS.matcher(reason == null ? "" : reason);
        return "chain " + (m.find() ? m.group(1) + "/" + m.group(2) + " " : "") + state;
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = org.hpckernel.Json.plain();

    /** The number of links of a stored spec (its JSON, as the ledger keeps it), or empty for a job that is no chain. */
    public static Optional<Integer> links(String specJson) {
        if (specJson == null || !specJson.contains("\"chain\":")) {
            return Optional.empty();
        }
        try {
            com.fasterxml.jackson.databind.JsonNode chain =
                    JSON.readTree(specJson).path("chain");
            return chain.isInt() ? Optional.of(chain.asInt()) : Optional.empty();
        } catch (java.io.IOException unreadable) {
            return Optional.empty();
        }
    }
}
