package org.hpckernel.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The one submission protocol, whatever the batch system: the job directory and its uploads, a
 * submission that happens exactly once, one status call for all jobs, cancel and log reading. A
 * {@link BatchSystem} supplies only pure hooks over strings.
 *
 * <p>Exactly once: the submit command runs on the cluster detached from the SSH channel, under a
 * lock on the job directory, and records its answer there. A cut connection or a killed kernel
 * leaves the submission to finish on its own; a retry (or {@link #reconcile}) reads its answer
 * instead of submitting again. When the scheduler itself timed out (a stalled controller may have
 * taken the job anyway), the job is looked up by the token it carries before anything is called
 * refused.
 */
public final class BatchProtocol implements Scheduler {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(BatchProtocol.class);

    /** sbatch blocks for minutes at MaxJobCount; we stop waiting sooner (the submission goes on and is read later). */
    static final Duration SUBMIT_WAIT = Duration.ofSeconds(60);

    static final Duration QUERY_TIMEOUT = Duration.ofSeconds(60);
    /** How long an uncertain submission is looked for in the queue before it is left to {@code %hpc reconcile}. */
    static final Duration LOOKUP_PATIENCE = Duration.ofSeconds(20);

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = org.hpckernel.Json.plain();

    private final BatchSystem system;
    private final Transport transport;
    /** The partitions' limits as last read, and when: they change rarely, submissions are many. */
    private volatile String limits;
    /** When the limits are asked again (System.nanoTime); until then the ones read, or none after a failure, stand. */
    private volatile long limitsAskAt = System.nanoTime();

    private static final Duration LIMITS_KEPT = Duration.ofMinutes(10);
    /** A controller too slow to list its partitions in this long is not waited for: sbatch will say what it says. */
    static final Duration LIMITS_WAIT = Duration.ofSeconds(5);
    /** How long a dry run waits for the scheduler's start estimate. */
    static final Duration ESTIMATE_WAIT = Duration.ofSeconds(10);
    /** After an unanswered limits query, submissions go on unchecked this long before it is asked again. */
    private static final Duration LIMITS_RETRY = Duration.ofMinutes(1);

    public BatchProtocol(BatchSystem system, Transport transport) {
        this.system = system;
        this.transport = transport;
    }

    public BatchSystem system() {
        return system;
    }

    @Override
    public String name() {
        return system.name();
    }

    /** How long after a failed-but-uncertain answer a job neither in the queue nor accounting counts as not submitted. */
    static final Duration UNCERTAIN_LIMIT = Duration.ofMinutes(10);

    /** The token a job directory's submission carries: stable across retries and restarts, unique per directory. */
    public static String token(JobDirectory dir) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(dir.path().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String render(JobSpec spec, JobDirectory dir) {
        return JobScript.render(spec, dir, system, token(dir));
    }

    @Override
    public String translationNote(JobSpec spec) {
        return ScriptDirectives.read(spec.script()).translationNote(system);
    }

    /** Refuses a job no partition can ever run (above every time, memory or node limit), before anything is sent. */
    private void checkLimits(JobSpec spec) {
        Optional<String> command = system.limitsCommand();
        if (command.isEmpty()) {
            return;
        }
        try {
            if (System.nanoTime() - limitsAskAt >= 0) {
                ExecResult r = transport.execIdempotent(bounded(command.get(), LIMITS_WAIT), QUERY_TIMEOUT);
                // unanswered (a stalled controller answers sbatch no sooner): no check until asked again; the scheduler
                // itself will say
                limits = r.ok() ? r.stdout() : null;
                limitsAskAt = System.nanoTime() + (r.ok() ? LIMITS_KEPT : LIMITS_RETRY).toNanos();
            }
        } catch (IOException unreadable) {
            return;
        }
        String known = limits;
        if (known == null) {
            return;
        }
        system.beyondLimits(spec, known).ifPresent(why -> {
            throw new SubmitFailed(
                    "The check against this cluster's partitions", why, "Not submitted; nothing else changed.");
        });
    }

    @Override
    public Optional<List<QueuedJob>> queue(boolean all, Optional<String> partition) throws IOException {
        Optional<String> command = system.queueCommand(all, partition);
        return command.isEmpty() ? Optional.empty() : Optional.of(system.parseQueue(query(command.get(), "its queue")));
    }

    @Override
    public Optional<List<Partition>> partitions() throws IOException {
        Optional<String> command = system.partitionsCommand();
        return command.isEmpty()
                ? Optional.empty()
                : Optional.of(system.parsePartitions(query(command.get(), "its partitions")));
    }

    /** A query's output; a command that failed and printed nothing is the scheduler's error, said as such. */
    private String query(String command, String what) throws IOException {
        ExecResult r = transport.execIdempotent(command, QUERY_TIMEOUT);
        if (!r.ok() && r.stdout().isBlank()) {
            throw new IOException(system.displayName() + " did not list " + what + ": "
                    + firstLine(r.stderr().isBlank() ? "exit code " + r.exitCode() : r.stderr()));
        }
        return r.stdout();
    }

    /** The same limits check as a submit, then the scheduler's own estimate for the script, written to a scratch file and removed. */
    @Override
    public Optional<String> dryRun(JobSpec spec, JobDirectory dir, String scratchScript) throws IOException {
        checkLimits(spec);
        Optional<String> command = system.startEstimateCommand(scratchScript);
        if (command.isEmpty()) {
            return Optional.empty();
        }
        transport.write(scratchScript, render(spec, dir).getBytes(StandardCharsets.UTF_8), 0700);
        // an estimate that takes longer than this is not worth the wait: the dry run shows the script without it
        ExecResult r = transport.execIdempotent(
                bounded(command.get(), ESTIMATE_WAIT) + "; rm -f " + Shell.quote(scratchScript), QUERY_TIMEOUT);
        return system.parseStartEstimate(r.stdout());
    }

    /** The command stopped after {@code wait} where the cluster has {@code timeout(1)}: a stalled controller is not waited for. */
    private static String bounded(String command, Duration wait) {
        return "if command -v timeout >/dev/null 2>&1; then timeout " + wait.toSeconds() + " sh -c "
                + Shell.quote(command) + "; else sh -c " + Shell.quote(command) + "; fi";
    }

    @Override
    public Submission submit(JobSpec spec, JobDirectory dir) throws IOException {
        String script = render(spec, dir);
        checkLimits(spec);
        transport.write(dir.userScript(), JobScript.userScript(spec).getBytes(StandardCharsets.UTF_8), 0755);
        transport.write(dir.script(), script.getBytes(StandardCharsets.UTF_8), 0755);
        ExecResult r = transport.execIdempotent(submitCommand(spec, dir), SUBMIT_WAIT.plusSeconds(15));
        if (!r.ok()) {
            throw new IOException("the submit step failed before the scheduler was asked: "
                    + (r.stderr().isBlank() ? r.stdout() : r.stderr()).strip());
        }
        return answer(dir, Answer.parse(r.stdout()));
    }

    /**
     * Runs in the job directory: a receipt already there answers at once; otherwise the first caller
     * takes the lock and starts the scheduler's submit command detached (so it finishes even if this
     * channel is cut), and every caller waits for its recorded answer.
     */
    String submitCommand(JobSpec spec, JobDirectory dir) {
        List<String> folders = new ArrayList<>();
        folders.add(dir.logs());
        spec.workingDirectory().ifPresent(folders::add);
        JobFields rendered = readBack(render(spec, dir));
        String base = spec.workingDirectory().orElse(dir.path());
        for (String folder : system.logFolders(rendered)) {
            // Slurm fails a job (0:53) and Grid Engine sets it to error when the log's folder is missing
            if (!folder.contains("%") && !folder.contains("$")) {
                folders.add(folder.startsWith("/") || folder.startsWith("~") ? folder : base + "/" + folder);
            }
        }
        String inner = system.submitCommand(dir.script())
                + " > .submit.out 2> .submit.err; echo $? > .submit.rc.tmp && mv .submit.rc.tmp .submit.rc";
        String detached = "cd " + Shell.quote(dir.path()) + " && " + inner;
        // sbatch answers in ~10 ms: look every 20 ms for the first second, then every 200 ms
        long rounds = 50 + (SUBMIT_WAIT.toMillis() - 1000) / 200;
        return "cd " + Shell.quote(dir.path()) + " || exit 97; "
                + "if [ -s jobid ]; then printf '@@receipt %s\\n' \"$(cat jobid)\"; exit 0; fi; "
                + "mkdir -p "
                + folders.stream().map(JobScript::quotePath).distinct().collect(Collectors.joining(" "))
                + " || exit 98; "
                + "if mkdir .submit.lock 2>/dev/null; then "
                + "if command -v setsid >/dev/null 2>&1; then (setsid sh -c " + Shell.quote(detached)
                + " </dev/null >/dev/null 2>&1 &); "
                + "else (nohup sh -c " + Shell.quote(detached) + " </dev/null >/dev/null 2>&1 &); fi; fi; "
                + "i=0; while [ ! -e .submit.rc ] && [ $i -lt " + rounds
                + " ]; do if [ $i -lt 50 ]; then sleep 0.02; else sleep 0.2; fi; i=$((i+1)); done; "
                + "if [ -e .submit.rc ]; then printf '@@rc %s\\n' \"$(cat .submit.rc)\"; cat .submit.out; printf '\\n@@stderr\\n'; cat .submit.err; "
                + "else echo @@waiting; fi";
    }

    /** What a submission's recorded answer means: an id, a refusal, a job to look up, or one still going. */
    private Submission answer(JobDirectory dir, Answer a) throws IOException {
        if (a.receipt().isPresent()) {
            return new Submission(JobId.of(a.receipt().get()), "");
        }
        if (a.waiting()) {
            throw new SubmitUncertain(system.displayName() + " has not answered within " + SUBMIT_WAIT.toSeconds()
                    + " s; the submission goes "
                    + "on by itself on the cluster and nothing was lost. `%hpc reconcile` records the job once it answers "
                    + "(any later %hpc call does it too). Do not submit again.");
        }
        if (a.rc() == 0) {
            return new Submission(
                    system.parseSubmitted(a.stdout())
                            .orElseThrow(() -> new SubmitFailed(
                                    system.displayName(),
                                    "unexpected answer '" + a.stdout().strip() + "'",
                                    "")),
                    "");
        }
        if (system.outcomeUncertain(a.stderr())) {
            Optional<JobId> found = lookUp(dir);
            if (found.isPresent()) {
                return new Submission(
                        found.get(),
                        system.displayName() + " reported '" + firstLine(a.stderr())
                                + "', but the scheduler took the job after all: job "
                                + found.get().value() + ".");
            }
            throw new SubmitUncertain(
                    system.displayName() + " said '" + firstLine(a.stderr()) + "'. The job may still have been taken: "
                            + "it is not in the queue yet, and the scheduler is not answering reliably. Nothing was lost: `%hpc reconcile` looks "
                            + "again (any later %hpc call does it too). Do not submit again until it says 'not submitted'.");
        }
        release(dir);
        throw new SubmitFailed(
                system.displayName(),
                a.stderr().isBlank() ? a.stdout() : a.stderr(),
                system.advice(a.stderr()) + "\nNot submitted; nothing else changed.");
    }

    /** Looks for the directory's token in the queue and accounting, patiently: a stalled controller comes back. */
    private Optional<JobId> lookUp(JobDirectory dir) throws IOException {
        Optional<String> command = system.lookupCommand();
        if (command.isEmpty()) {
            return Optional.empty();
        }
        long deadline = System.nanoTime() + LOOKUP_PATIENCE.toNanos();
        long pause = 1000;
        while (true) {
            ExecResult r = transport.execIdempotent(command.get(), QUERY_TIMEOUT);
            Optional<JobId> found = system.parseLookup(r.stdout(), token(dir));
            if (found.isPresent()) {
                transport.write(dir.receipt(), found.get().value().getBytes(StandardCharsets.UTF_8), 0644);
                return found;
            }
            if (System.nanoTime() > deadline) {
                return Optional.empty();
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
            pause = Math.min(pause * 2, 5000);
        }
    }

    /** A refused submission frees its directory for a corrected retry; the refusal is kept beside it. */
    private void release(JobDirectory dir) throws IOException {
        transport.execIdempotent(
                "cd " + Shell.quote(dir.path()) + " && { [ ! -e .submit.err ] || mv -f .submit.err .refused.err; } "
                        + "&& rm -f .submit.rc .submit.out && rmdir .submit.lock 2>/dev/null; true",
                QUERY_TIMEOUT);
    }

    /**
     * The outcome of submissions whose answer no kernel recorded (a killed kernel, a cut connection,
     * a timed-out scheduler), in one remote call; uncertain ones are looked up by token.
     */
    @Override
    public Map<JobDirectory, Outcome> reconcile(Collection<JobDirectory> dirs) throws IOException {
        Map<JobDirectory, Outcome> out = new LinkedHashMap<>();
        if (dirs.isEmpty()) {
            return out;
        }
        StringBuilder c = new StringBuilder();
        for (JobDirectory dir : dirs) {
            String d = Shell.quote(dir.path());
            c.append("printf '@@dir %s\\n' ")
                    .append(d)
                    .append("; if [ ! -d ")
                    .append(d)
                    .append(" ]; then echo @@absent; ")
                    .append("elif [ -s ")
                    .append(d)
                    .append("/jobid ]; then printf '@@receipt %s\\n' \"$(cat ")
                    .append(d)
                    .append("/jobid)\"; ")
                    .append("elif [ -e ")
                    .append(d)
                    .append("/.submit.rc ]; then ")
                    // how long ago the scheduler answered, and the id a job that ran wrote in its start file
                    .append("printf '@@meta %s %s\\n' \"$(( $(date +%s) - $(date -r ")
                    .append(d)
                    .append("/.submit.rc +%s) ))\" ")
                    .append("\"$(sed -n 's/.*\"id\":\"\\([^\"]*\\)\".*/\\1/p' ")
                    .append(d)
                    .append("/started 2>/dev/null)\"; ")
                    .append("printf '@@rc %s\\n' \"$(cat ")
                    .append(d)
                    .append("/.submit.rc)\"; cat ")
                    .append(d)
                    .append("/.submit.out; printf '\\n@@stderr\\n'; cat ")
                    .append(d)
                    .append("/.submit.err; ")
                    .append("elif [ -d ")
                    .append(d)
                    .append("/.submit.lock ]; then echo @@waiting; else echo @@unsent; fi; ");
        }
        ExecResult r = transport.execIdempotent(c.toString(), QUERY_TIMEOUT);
        if (!r.ok() && r.stdout().isBlank()) {
            throw new IOException(
                    "could not read the submissions' records: " + r.stderr().strip());
        }
        Map<String, StringBuilder> sections = new LinkedHashMap<>();
        StringBuilder current = null;
        for (String line : r.stdout().split("\n", -1)) {
            if (line.startsWith("@@dir ")) {
                current = sections.computeIfAbsent(line.substring(6), k -> new StringBuilder());
            } else if (current != null) {
                current.append(line).append('\n');
            }
        }
        Lookup lookup = new Lookup();
        for (JobDirectory dir : dirs) {
            String text = sections.getOrDefault(dir.path(), new StringBuilder()).toString();
            out.put(dir, outcome(dir, text, lookup));
        }
        return out;
    }

    private Outcome outcome(JobDirectory dir, String text, Lookup lookup) throws IOException {
        if (text.startsWith("@@absent") || text.startsWith("@@unsent")) {
            return Outcome.notSubmitted("the submission never reached the scheduler");
        }
        long answeredAgo = 0;
        String startedId = "";
        if (text.startsWith("@@meta ")) {
            String[] meta = text.substring(7, text.indexOf('\n') < 0 ? text.length() : text.indexOf('\n'))
                    .strip()
                    .split(" ", 2);
            answeredAgo = meta[0].matches("\\d+") ? Long.parseLong(meta[0]) : 0;
            startedId = meta.length > 1 ? meta[1].strip() : "";
            text = text.indexOf('\n') < 0 ? "" : text.substring(text.indexOf('\n') + 1);
        }
        Answer a = Answer.parse(text);
        if (a.waiting()) {
            return Outcome.pending("the scheduler has not answered yet");
        }
        if (a.receipt().isPresent()) {
            return Outcome.submitted(JobId.of(a.receipt().get()));
        }
        if (a.rc() == 0) {
            return system.parseSubmitted(a.stdout())
                    .map(Outcome::submitted)
                    .orElse(Outcome.notSubmitted(
                            "unexpected answer '" + a.stdout().strip() + "'"));
        }
        if (system.outcomeUncertain(a.stderr())) {
            if (!startedId.isEmpty() && startedId.matches("[\\w.\\[\\]-]+")) {
                // a job that ran and left the queue (Grid Engine keeps no token in accounting): its own start file
                // names it
                transport.write(dir.receipt(), startedId.getBytes(StandardCharsets.UTF_8), 0644);
                return Outcome.submitted(JobId.of(startedId));
            }
            Optional<String> answer = lookup.output();
            Optional<JobId> id = answer.flatMap(o -> system.parseLookup(o, token(dir)));
            if (id.isPresent()) {
                transport.write(dir.receipt(), id.get().value().getBytes(StandardCharsets.UTF_8), 0644);
                return Outcome.submitted(id.get());
            }
            boolean schedulerAnswered = answer.map(system::lookupAnswered).orElse(false);
            // only a scheduler that answers, and shows no such job long after, has not taken it; one still
            // down may hold it yet
            if (schedulerAnswered && answeredAgo > UNCERTAIN_LIMIT.toSeconds()) {
                // a controller that took the job shows it within minutes of coming back; this one never did
                release(dir);
                return Outcome.notSubmitted("the scheduler said '" + firstLine(a.stderr())
                        + "' and has had no such job for " + answeredAgo / 60 + " minutes since");
            }
            return Outcome.pending("the scheduler said '" + firstLine(a.stderr())
                    + "' and the job is not in its queue or accounting yet");
        }
        release(dir);
        return Outcome.notSubmitted(firstLine(a.stderr()));
    }

    /** The scheduler's list of jobs with their tokens, asked at most once per reconcile, and only if an outcome needs it. */
    private final class Lookup {
        private Optional<String> output;

        Optional<String> output() throws IOException {
            if (output == null) {
                Optional<String> command = system.lookupCommand();
                output = command.isEmpty()
                        ? Optional.empty()
                        : Optional.of(transport
                                .execIdempotent(command.get(), QUERY_TIMEOUT)
                                .stdout());
            }
            return output;
        }
    }

    private static String firstLine(String s) {
        String t = s.strip();
        int nl = t.indexOf('\n');
        return nl < 0 ? t : t.substring(0, nl);
    }

    /** The recorded answer of a submit: {@code @@receipt ID}, {@code @@rc N} with stdout and stderr, or {@code @@waiting}. */
    record Answer(Optional<String> receipt, boolean waiting, int rc, String stdout, String stderr) {

        static Answer parse(String out) {
            String text = out.startsWith("\n") ? out.substring(1) : out;
            if (text.startsWith("@@receipt ")) {
                return new Answer(
                        Optional.of(text.substring(10).strip().split("\n")[0].strip()), false, 0, "", "");
            }
            if (text.startsWith("@@waiting")) {
                return new Answer(Optional.empty(), true, -1, "", "");
            }
            if (text.startsWith("@@rc ")) {
                int nl = text.indexOf('\n');
                int rc;
                try {
                    rc = Integer.parseInt(
                            text.substring(5, nl < 0 ? text.length() : nl).strip());
                } catch (NumberFormatException e) {
                    rc = -1;
                }
                String rest = nl < 0 ? "" : text.substring(nl + 1);
                int err = rest.indexOf("\n@@stderr\n");
                return new Answer(
                        Optional.empty(),
                        false,
                        rc,
                        err < 0 ? rest : rest.substring(0, err),
                        err < 0 ? "" : rest.substring(err + 10));
            }
            return new Answer(Optional.empty(), false, -1, "", out);
        }
    }

    @Override
    public Map<JobId, JobStatus> poll(Map<JobId, JobDirectory> jobs) throws IOException {
        if (jobs.isEmpty()) {
            return new LinkedHashMap<>();
        }
        String command = system.pollCommand(jobs) + ExitFiles.shellFragment(jobs.values());
        return StatusCall.run(transport, command, QUERY_TIMEOUT, jobs, system::parsePoll);
    }

    @Override
    public List<org.hpckernel.cluster.usage.JobUsage> usage(Collection<JobId> ids) throws IOException {
        Optional<String> command = system.usageCommand(ids);
        if (command.isEmpty()) {
            throw new org.hpckernel.cluster.usage.UsageUnavailable(system.usageUnsupported());
        }
        if (ids.isEmpty()) {
            return List.of();
        }
        return system.parseUsage(
                transport.execIdempotent(command.get(), QUERY_TIMEOUT).stdout());
    }

    @Override
    public void cancel(Collection<JobId> ids) throws IOException {
        if (!ids.isEmpty()) {
            BatchScripts.runCancel(transport, system.cancelCommand(ids), QUERY_TIMEOUT);
        }
    }

    /**
     * An attached run: the scripts written as for a batch job, then the system's interactive command
     * started from the job directory, its shell's pid kept in {@code .run.pid} (the command is
     * exec'd: the pid is the client's, srun's or qrsh's). An interrupt, or a connection lost under
     * the run, stops the client and cancels the job it made, found by its token.
     */
    @Override
    public int run(
            JobSpec spec,
            JobDirectory dir,
            Map<String, String> secrets,
            java.util.function.Consumer<String> out,
            java.util.function.Consumer<String> err)
            throws IOException, InterruptedException {
        String command = system.interactiveCommand(spec, dir.script(), token(dir))
                .orElseThrow(
                        () -> new org.hpckernel.HpcException(
                                system.displayName()
                                        + " runs interactive jobs only on a terminal, which a notebook cell is not, so %%hpc run cannot use it. "
                                        + "Submit the cell with %%hpc submit and follow it with %hpc logs ID --follow (%hpc cancel ID stops it)."));
        String script = JobScript.renderForRun(spec, dir, system);
        checkLimits(spec);
        if (!secrets.isEmpty()) {
            transport.write(
                    dir.path() + "/" + Secrets.FILE_NAME,
                    Secrets.fileContent(secrets).getBytes(StandardCharsets.UTF_8),
                    0600);
        }
        transport.write(dir.userScript(), JobScript.userScript(spec).getBytes(StandardCharsets.UTF_8), 0755);
        transport.write(dir.script(), script.getBytes(StandardCharsets.UTF_8), 0755);
        String attached =
                "cd " + Shell.quote(dir.path()) + " || exit 97; echo $$ > .run.pid; exec " + command + " < /dev/null";
        try {
            return transport.stream(attached, out, err);
        } catch (InterruptedException stopped) {
            stopRun(dir).ifPresent(left -> err.accept(left + "\n"));
            throw stopped;
        } catch (IOException lost) {
            boolean interrupted = Thread.interrupted(); // the cleanup's own commands must not fail on it
            Optional<String> left = stopRun(dir);
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            throw new IOException(
                    lost.getMessage()
                            + (left.isEmpty() ? "; the run was stopped and its job cancelled" : "; " + left.get()),
                    lost);
        }
    }

    /** How long the client gets to end its job itself after TERM (srun cancels its step and allocation) before KILL. */
    private static final int CLIENT_GRACE_TENTHS = 50;

    /**
     * Stops an attached run's client (TERM, then KILL: a qrsh still queued ignores TERM) and cancels
     * the job it made, looked up by token once the client is gone, so none can appear after. Only a
     * process whose command line names this run's script is signalled. Empty when nothing was left
     * running; otherwise what the user should check.
     */
    Optional<String> stopRun(JobDirectory dir) {
        String d = Shell.quote(dir.path());
        String mine = "mine() { case \"$(ps -o args= -p \"$p\" 2>/dev/null)\" in *" + Shell.quote(dir.script())
                + "*) return 0;; esac; return 1; }; ";
        // an interrupt right at the start may come before the shell wrote its pid: give it a moment
        String stop = "i=0; while [ ! -s " + d + "/.run.pid ] && [ $i -lt 5 ]; do sleep 0.1; i=$((i+1)); done; "
                + "p=$(cat " + d + "/.run.pid 2>/dev/null); " + mine
                + "if [ -n \"$p\" ] && mine; then kill -TERM -- \"-$p\" 2>/dev/null || kill -TERM \"$p\"; i=0; "
                + "while mine && [ $i -lt " + CLIENT_GRACE_TENTHS + " ]; do sleep 0.1; i=$((i+1)); done; "
                + "if mine; then kill -KILL -- \"-$p\" 2>/dev/null || kill -KILL \"$p\"; fi; fi; true";
        try {
            transport.exec(stop, QUERY_TIMEOUT);
            Optional<String> lookup = system.lookupCommand();
            if (lookup.isPresent()) {
                Optional<JobId> job = system.parseLookup(
                        transport.execIdempotent(lookup.get(), QUERY_TIMEOUT).stdout(), token(dir));
                if (job.isPresent()) {
                    // a job that ended with its client answers "already completed": nothing is left either way
                    transport.exec(system.cancelCommand(List.of(job.get())) + " 2>/dev/null; true", QUERY_TIMEOUT);
                }
            }
            return Optional.empty();
        } catch (IOException | RuntimeException unreachable) {
            return Optional.of("the run's job may still be there (" + unreachable.getMessage() + "): its token is "
                    + token(dir) + " (squeue's comment, qstat -j's context): cancel it if it is still in the queue");
        }
    }

    /** The settings of a script's own directives in this system's syntax: the rendered job script read back. */
    JobFields readBack(String script) {
        JobFields f = new JobFields();
        for (Directive d : Directive.read(
                script,
                system.directivePrefix(),
                system.flagOptions(),
                system.directivesEndAtFirstCommand(),
                system.twoValueOptions())) {
            system.read(d, f);
        }
        return f;
    }

    /** The file a job's stdout (or stderr) goes to, as the scheduler resolves the pattern in its job script. */
    @Override
    public String logFile(JobId id, JobDirectory dir, boolean stderr) throws IOException {
        String script = new String(transport.read(dir.script(), 0, 1 << 20), StandardCharsets.UTF_8);
        if (script.isEmpty()) {
            throw new IOException("no job script in " + dir.path() + ": was it submitted from this profile?");
        }
        JobFields f = readBack(script);
        String pattern = system.logPattern(f, dir, stderr);
        Optional<String> raw = Optional.empty();
        if (id.arrayIndex().isPresent() && pattern.contains("%")) {
            byte[] started =
                    transport.read(dir.path() + "/started." + id.arrayIndex().get(), 0, 4096);
            try {
                JsonNode n = JSON.readTree(started.length == 0 ? "{}" : new String(started, StandardCharsets.UTF_8));
                raw = Optional.ofNullable(n.path("id").asText(null)).filter(s -> !s.isBlank());
            } catch (IOException notYet) {
                // the task has not started: its own id is not known yet
                LOG.debug("task {}: started file not readable yet", id, notYet);
            }
        }
        String home = transport.home();
        String user = home.substring(home.lastIndexOf('/') + 1);
        String path = system.logPath(pattern, f.name == null ? "job" : f.name, id, user, raw);
        if (!path.startsWith("/") && !path.startsWith("~")) {
            path = (f.workingDirectory != null ? f.workingDirectory : dir.path()) + "/" + path;
        }
        return transport.expandHome(path);
    }

    @Override
    public LogChunk logs(JobId id, JobDirectory dir, boolean stderr, long offset) throws IOException {
        return LogChunk.decode(transport.read(logFile(id, dir, stderr), offset, LOG_CHUNK_BYTES), offset);
    }
}
