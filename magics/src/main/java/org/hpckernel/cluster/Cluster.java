package org.hpckernel.cluster;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.hpckernel.cluster.profile.Profile;
import org.hpckernel.ledger.JobRecord;
import org.hpckernel.ledger.Ledger;
import org.hpckernel.magic.MagicException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * One profile's cluster, the Java API behind {@code %hpc}: submit, status, logs, wait, cancel.
 * Every call goes over the profile's one transport; every job is recorded in the ledger first.
 */
public final class Cluster {

    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new com.fasterxml.jackson.datatype.jdk8.Jdk8Module())
            .registerModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule());
    private static final Duration MIN_POLL_INTERVAL = Duration.ofMillis(1000);
    private static final Duration MAX_POLL_INTERVAL = Duration.ofSeconds(30);

    private final Profile profile;
    private final Transport transport;
    private final Scheduler scheduler;
    private final Ledger ledger;
    private String workRoot;
    private long lastPollNanos;
    private Map<JobId, JobStatus> lastPoll = Map.of();
    /** Jobs someone is waiting on or following right now (with how many), polled together. */
    private final Map<JobId, Integer> watched = new LinkedHashMap<>();

    public Cluster(Profile profile, Transport transport, Scheduler scheduler, Ledger ledger) {
        this.profile = profile;
        this.transport = transport;
        this.scheduler = scheduler;
        this.ledger = ledger;
    }

    public Profile profile() {
        return profile;
    }

    public Scheduler scheduler() {
        return scheduler;
    }

    public Transport transport() {
        return transport;
    }

    /** The profile's work root with ~ resolved, e.g. /home/me/hpc-kernel. */
    public synchronized String workRoot() throws IOException {
        if (workRoot == null) {
            workRoot = transport.expandHome(profile.workdir());
        }
        return workRoot;
    }

    /** The profile's defaults (partition, account, modules) under what the spec asks for. */
    public JobSpec withDefaults(JobSpec spec) {
        JobSpec.Builder b = spec.toBuilder();
        if (spec.partition().isEmpty()) {
            profile.partitionOpt().ifPresent(b::partition);
        }
        if (spec.account().isEmpty()) {
            profile.accountOpt().ifPresent(b::account);
        }
        // the profile's environment fills what the job does not set itself (WANDB_MODE: online, say)
        profile.environment().forEach((k, v) -> {
            if (!spec.environment().containsKey(k)) {
                b.env(k, v);
            }
        });
        if (!profile.modules().isEmpty()) {
            List<String> modules = new java.util.ArrayList<>(profile.modules());
            spec.modules().stream().filter(m -> !modules.contains(m)).forEach(modules::add);
            b.modules(modules);
        }
        return b.build();
    }

    /** The script that would be submitted, for {@code --dry-run}. */
    public String render(JobSpec spec) throws IOException {
        try {
            return scheduler.render(absoluteWorkdir(withDefaults(spec)), new JobDirectory(workRoot() + "/jobs/<new job>"));
        } catch (IllegalArgumentException e) {
            throw new MagicException(e.getMessage());
        }
    }

    /** How the script's directives for other schedulers are translated on this profile; empty if none. */
    public String translationNote(JobSpec spec) {
        return scheduler.translationNote(spec);
    }

    /** Schedulers do not expand {@code ~} in their directives: make the working folder absolute. */
    private JobSpec absoluteWorkdir(JobSpec spec) throws IOException {
        Optional<String> wd = spec.workingDirectory();
        return wd.isPresent() ? spec.toBuilder().workingDirectory(transport.expandHome(wd.get())).build() : spec;
    }

    /** Submits a job and returns its id; it is in the ledger before the scheduler is asked. */
    public JobId submit(JobSpec requested) throws IOException {
        return submitWithReport(requested).id();
    }

    /** A submitted job with what the cell should say about it: translated directives, a timeout that turned out fine. */
    public record Submitted(JobId id, JobSpec spec, String note) {
    }

    /** {@link #submit}, with the notes for the user; secrets named by the spec come from this process's environment. */
    public Submitted submitWithReport(JobSpec requested) throws IOException {
        return submitWithReport(requested, Secrets.resolve(requested.secrets(), System.getenv(), Map.of()));
    }

    /** {@link #submit} with the values of the spec's secrets (never stored: they reach the job in a 0600 file). */
    public Submitted submitWithReport(JobSpec requested, Map<String, String> secrets) throws IOException {
        JobSpec spec = absoluteWorkdir(withDefaults(requested));
        String token = HexFormat.of().formatHex(longBytes(ThreadLocalRandom.current().nextLong())).substring(0, 8);
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        String safeName = BatchScripts.safeName(spec.name());
        JobDirectory dir = new JobDirectory(workRoot() + "/jobs/" + stamp + "-" + (safeName.length() > 40 ? safeName.substring(0, 40) : safeName) + "-" + token);
        return submitIn(spec, dir, secrets);
    }

    /**
     * Submits a job into a directory the caller chose (a sweep's batch), recorded in the ledger like
     * any job. The directory's receipt makes a second call with the same directory return the first
     * id instead of submitting again: that is how a resumed sweep finishes a submission cut short.
     */
    public JobId submit(JobSpec requested, JobDirectory dir) throws IOException {
        return submitIn(absoluteWorkdir(withDefaults(requested)), dir,
                Secrets.resolve(requested.secrets(), System.getenv(), Map.of())).id();
    }

    private Submitted submitIn(JobSpec spec, JobDirectory dir, Map<String, String> secrets) throws IOException {
        reconcileQuietly();
        String script;
        try {
            script = scheduler.render(spec, dir);  // refuses what cannot run here before anything is recorded
        } catch (IllegalArgumentException e) {
            throw new MagicException(e.getMessage());
        }
        String token = BatchProtocol.token(dir);
        String specJson = JSON.writeValueAsString(spec);
        String sha = sha256(script);
        ledger.profileUsed(profile.name(), profile.scheduler(), profile.host());
        ledger.submissionStarted(token, profile.name(), dir.path(), spec.name(), specJson, sha);
        Scheduler.Submission done;
        try {
            transport.write(dir.params(), JSON.writeValueAsBytes(spec.params()), 0644);
            for (String staged : spec.stagedFiles()) {
                stage(staged, dir);
            }
            done = scheduler.submit(spec, dir, secrets, transport);
        } catch (SubmitFailed refused) {
            ledger.notSubmitted(token, refused.getMessage());
            throw refused;
        } catch (IOException lost) {
            // the answer may be lost with the connection, the job not: never call this refused
            throw new SubmitUncertain("The connection to " + transport.describe() + " failed during the submission (" + lost.getMessage()
                    + "). Nothing was lost: the submission is recorded, and `%hpc reconcile` (or any later %hpc call on this profile) "
                    + "finds out whether the scheduler took it. Do not submit again.");
        }
        ledger.submitted(token, profile.name(), done.id().value(), spec.name(), dir.path(), specJson, sha);
        String translated = scheduler.translationNote(spec);
        String note = String.join("\n", java.util.stream.Stream.of(translated.isEmpty() ? "" : "Translated " + translated, done.note())
                .filter(x -> !x.isEmpty()).toList());
        return new Submitted(done.id(), spec, note);
    }

    /** The outcome of one open submission after {@link #reconcile}. */
    public record Reconciled(String jobDirectory, String name, Scheduler.Outcome outcome) {
    }

    /**
     * Resolves submissions whose answer was never recorded (a killed kernel, a cut connection, a
     * scheduler that timed out) from what their job directories say, and records the jobs found.
     */
    public synchronized List<Reconciled> reconcile() throws IOException {
        List<Ledger.OpenSubmission> open = ledger.openSubmissions(profile.name());
        List<Reconciled> out = new java.util.ArrayList<>();
        if (open.isEmpty()) {
            return out;
        }
        Map<JobDirectory, Ledger.OpenSubmission> byDir = new LinkedHashMap<>();
        open.forEach(o -> byDir.put(new JobDirectory(o.jobDirectory()), o));
        Map<JobDirectory, Scheduler.Outcome> outcomes = scheduler.reconcile(byDir.keySet());
        for (Map.Entry<JobDirectory, Ledger.OpenSubmission> e : byDir.entrySet()) {
            Ledger.OpenSubmission o = e.getValue();
            Scheduler.Outcome outcome = outcomes.getOrDefault(e.getKey(), Scheduler.Outcome.pending("not read"));
            switch (outcome.kind()) {
                case SUBMITTED -> ledger.submitted(o.token(), profile.name(), outcome.id().orElseThrow().value(), o.name() == null ? "job" : o.name(),
                        o.jobDirectory(), o.specJson() == null ? "{}" : o.specJson(), o.scriptSha256() == null ? "" : o.scriptSha256());
                case NOT_SUBMITTED -> {
                    // a submission younger than this may still be on its way from another kernel
                    if (o.createdAt().isAfter(java.time.Instant.now().minus(OPEN_SUBMISSION_GRACE))) {
                        outcome = Scheduler.Outcome.pending("just started");
                    } else {
                        ledger.notSubmitted(o.token(), outcome.reason());
                    }
                }
                default -> { }
            }
            out.add(new Reconciled(o.jobDirectory(), o.name(), outcome));
        }
        return out;
    }

    private static final Duration OPEN_SUBMISSION_GRACE = Duration.ofMinutes(2);

    /** Reconciles on the way (every call on the profile does), without letting a failure stop the call. */
    private void reconcileQuietly() {
        try {
            reconcile();
        } catch (IOException | RuntimeException later) {
            // the next call tries again; the submission stays open in the ledger
        }
    }

    private void stage(String localPath, JobDirectory dir) throws IOException {
        java.nio.file.Path file = java.nio.file.Path.of(localPath);
        if (!java.nio.file.Files.isRegularFile(file)) {
            throw new MagicException("Cannot stage " + localPath + ": no such file here. Give a path relative to the notebook's folder.");
        }
        transport.write(dir.path() + "/" + file.getFileName(), java.nio.file.Files.readAllBytes(file), 0644);
    }

    /** States of {@code ids} (all tracked jobs of this profile when empty) in one scheduler call. */
    public synchronized Map<JobId, JobStatus> status(Collection<JobId> ids) throws IOException {
        reconcileQuietly();
        Map<JobId, JobDirectory> jobs = new LinkedHashMap<>();
        Map<JobId, JobStatus> finished = new LinkedHashMap<>();
        if (ids.isEmpty()) {
            // every tracked job: those the scheduler saw end are not asked about again; an end read only
            // from an exit file is, until accounting confirms it (for a week)
            java.time.Instant recheckSince = java.time.Instant.now().minus(Duration.ofDays(7));
            for (JobRecord r : ledger.jobs(profile.name())) {
                JobState known = JobState.valueOf(r.state());
                if (known.isTerminal() && !(r.inferred() && r.submittedAt().isAfter(recheckSince))) {
                    finished.put(JobId.of(r.jobId()), new JobStatus(JobId.of(r.jobId()), known, r.exitCode(), Optional.empty(), r.reason(),
                            JobStatus.Source.ACCOUNTING));
                } else {
                    jobs.put(JobId.of(r.jobId()), new JobDirectory(r.jobDirectory()));
                }
            }
        } else {
            for (JobId id : ids) {
                jobs.put(id, directoryOf(id));
            }
        }
        Map<JobId, JobStatus> states = new LinkedHashMap<>(jobs.isEmpty() ? Map.of() : scheduler.poll(jobs));
        finished.forEach(states::putIfAbsent);
        for (JobStatus s : states.values()) {
            if (s.state() != JobState.UNKNOWN && s.id().arrayIndex().isEmpty()) {
                ledger.stateSeen(profile.name(), s.id().value(), s.state().name(), s.exitCode(), s.reason(), s.source().name());
            }
        }
        lastPoll = states;
        lastPollNanos = System.nanoTime();
        return states;
    }

    /**
     * Status for pollers (wait, logs --follow, live displays): one scheduler call per cycle between
     * all of them. The call asks for every watched job at once, and an answer younger than the
     * shortest poll interval that covers {@code ids} is handed out again instead of asking again.
     */
    public synchronized Map<JobId, JobStatus> sharedStatus(Collection<JobId> ids) throws IOException {
        boolean fresh = System.nanoTime() - lastPollNanos < MIN_POLL_INTERVAL.toNanos();
        if (fresh && !ids.isEmpty() && lastPoll.keySet().containsAll(ids)) {
            return lastPoll;
        }
        java.util.Set<JobId> all = new java.util.LinkedHashSet<>(ids);
        all.addAll(watched.keySet());
        return status(all);
    }

    /** The answers about {@code ids} and their array tasks, leaving out other pollers' jobs. */
    private static Map<JobId, JobStatus> only(Collection<JobId> ids, Map<JobId, JobStatus> states) {
        java.util.Set<JobId> wanted = new java.util.HashSet<>(ids);
        Map<JobId, JobStatus> mine = new LinkedHashMap<>();
        states.forEach((id, s) -> {
            if (wanted.contains(id) || wanted.contains(id.arrayParent())) {
                mine.put(id, s);
            }
        });
        return mine;
    }

    /** Marks jobs as watched until the returned handle is closed; see {@link #sharedStatus}. */
    public synchronized AutoCloseable watch(Collection<JobId> ids) {
        List<JobId> mine = List.copyOf(ids);
        mine.forEach(id -> watched.merge(id, 1, Integer::sum));
        return () -> {
            synchronized (Cluster.this) {
                mine.forEach(id -> watched.computeIfPresent(id, (k, n) -> n > 1 ? n - 1 : null));
            }
        };
    }

    /** A job id as typed: an id, an array task {@code 123_4}, or {@code last} for the newest job of this profile. */
    public JobId resolve(String text) throws IOException {
        if (!"last".equals(text)) {
            return JobId.of(text);
        }
        Optional<String[]> lastSubmission = ledger.lastSubmission(profile.name());
        if (lastSubmission.isPresent() && lastSubmission.get()[2] == null) {
            String[] s = lastSubmission.get();
            throw new MagicException(s[0] == null
                    ? "The last submission on profile " + profile.name() + " has no answer from the scheduler yet: `%hpc reconcile` looks again."
                    : "The last submission on profile " + profile.name() + " was not submitted (" + firstLine(s[1] == null ? "" : s[1])
                    + "), so 'last' names no job. `%hpc jobs` lists the earlier ones.");
        }
        List<JobRecord> jobs = ledger.jobs(profile.name());
        if (jobs.isEmpty()) {
            throw new MagicException("No job submitted on profile " + profile.name() + " yet, so there is no 'last' job.");
        }
        return JobId.of(jobs.get(0).jobId());
    }

    /** The directory of a tracked job (or of its array parent). */
    public JobDirectory directoryOf(JobId id) throws IOException {
        Optional<JobRecord> record = ledger.job(profile.name(), id.value()).or(() -> {
            try {
                return ledger.job(profile.name(), id.arrayParent().value());
            } catch (IOException e) {
                return Optional.empty();
            }
        });
        return new JobDirectory(record.orElseThrow(() -> new MagicException("Job " + id.value() + " is not known on profile " + profile.name()
                + ": %hpc jobs lists the jobs this kernel submitted.")).jobDirectory());
    }

    /** New log text from {@code offset}. */
    public Scheduler.LogChunk logs(JobId id, boolean stderr, long offset) throws IOException {
        return scheduler.logs(id, directoryOf(id), stderr, offset);
    }

    /** The last {@code lines} lines of a job's log, bounded (see {@link LogTail}); read from the file's end. */
    public String tail(JobId id, boolean stderr, int lines) throws IOException {
        return tailFrom(id, stderr, lines).text();
    }

    /**
     * The last {@code lines} lines of a job's log and the offset of the file's end, to follow from
     * there. Only the end of the file is read, in blocks, however long the log is.
     */
    public Scheduler.LogChunk tailFrom(JobId id, boolean stderr, int lines) throws IOException {
        String path;
        try {
            path = scheduler.logFile(id, directoryOf(id), stderr);
        } catch (IOException | IllegalStateException noScript) {
            return new Scheduler.LogChunk("", 0);
        }
        LogTail.Result r = LogTail.last(LogTail.over(transport, path), path, lines, LogTail.Limits.DEFAULT);
        return new Scheduler.LogChunk(r.text(), r.end());
    }

    /**
     * Waits until every job has ended (or {@code timeout} passes), polling all of them in one call a
     * cycle with a backoff from 1 s to 30 s; {@code onPoll} sees each answer.
     */
    public Map<JobId, JobStatus> await(Collection<JobId> ids, Duration timeout, Consumer<Map<JobId, JobStatus>> onPoll)
            throws IOException, InterruptedException {
        try (AutoCloseable ignored = watch(ids)) {
            return awaitWatched(ids, timeout, onPoll);
        } catch (IOException | InterruptedException | RuntimeException e) {
            throw e;
        } catch (Exception closing) {
            throw new IllegalStateException(closing);
        }
    }

    private Map<JobId, JobStatus> awaitWatched(Collection<JobId> ids, Duration timeout, Consumer<Map<JobId, JobStatus>> onPoll)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Duration interval = MIN_POLL_INTERVAL;
        while (true) {
            Map<JobId, JobStatus> states = only(ids, sharedStatus(ids));
            onPoll.accept(states);
            // a job whose afterok parent failed never starts: waiting for it would only end at the timeout
            boolean done = ids.stream().allMatch(id -> states.containsKey(id) && states.get(id).isSettled());
            if (done || System.nanoTime() > deadline) {
                return states;
            }
            long left = Math.max(0, (deadline - System.nanoTime()) / 1_000_000);
            Thread.sleep(Math.min(interval.toMillis(), left + 1));
            interval = interval.multipliedBy(3).dividedBy(2);
            if (interval.compareTo(MAX_POLL_INTERVAL) > 0) {
                interval = MAX_POLL_INTERVAL;
            }
        }
    }

    public void cancel(Collection<JobId> ids) throws IOException {
        for (JobId id : ids) {
            directoryOf(id);  // refuses ids this profile never submitted
        }
        scheduler.cancel(ids);
    }

    /**
     * A failure with its evidence and a suggestion; for a COMPLETED job, a warning when its stderr
     * shows a command that was not found; empty text otherwise.
     */
    public String explain(JobStatus status) {
        if (!status.isSettled()) {
            return "";
        }
        String tail = "";
        try {
            tail = tail(status.id(), true, status.state() == JobState.COMPLETED ? 40 : 5);
        } catch (IOException | RuntimeException noLog) {
            // the explanation stands without the log
        }
        if (status.state() == JobState.COMPLETED) {
            return FailureExplainer.completedWarning(status, tail).orElse("");
        }
        return FailureExplainer.explain(status, tail);
    }

    // ---- files: %hpc put/get/ls; where files land, when they are skipped and how copies resume: cluster/files ----

    /**
     * A cluster path as typed, made absolute: {@code JOBID:out.txt} (or {@code last:out.txt}) in that
     * job's folder, {@code JOBID:} for the folder's contents, {@code ~/x}, {@code /x}, or relative to the home.
     */
    public String remotePath(String text) throws IOException {
        org.hpckernel.cluster.files.RemotePath p;
        try {
            p = org.hpckernel.cluster.files.RemotePath.parse(text);
        } catch (IllegalArgumentException e) {
            throw new MagicException(e.getMessage());
        }
        return p.resolve(transport.home(), p.job().isPresent() ? directoryOf(resolve(p.job().get())).path() : null);
    }

    /** Copies local files and folders (rsync -r style) to {@code remote}; unchanged files are skipped, cut copies resumed. */
    public List<org.hpckernel.cluster.files.Copied> put(List<java.nio.file.Path> local, String remote,
                                                        org.hpckernel.cluster.files.TransferListener listener) throws IOException {
        String target = remotePath(remote);
        boolean folder = transport.stat(target).map(RemoteFile::isDirectory).orElse(false);
        var plan = org.hpckernel.cluster.files.Plan.put(local, target, folder);
        return new org.hpckernel.cluster.files.FileCopier(transport, listener).put(plan);
    }

    /** Copies cluster files and folders (paths as {@link #remotePath} reads them) to {@code local}, a folder when it is one. */
    public List<org.hpckernel.cluster.files.Copied> get(List<String> remote, java.nio.file.Path local,
                                                        org.hpckernel.cluster.files.TransferListener listener) throws IOException {
        List<org.hpckernel.cluster.files.Plan.RemoteSource> sources = new java.util.ArrayList<>();
        for (String text : remote) {
            String path = remotePath(text);
            RemoteFile f = transport.stat(path).orElseThrow(() -> new MagicException("No file or folder " + text + " (" + path + ") on "
                    + transport.describe() + ". `%hpc ls` shows what is there."));
            sources.add(new org.hpckernel.cluster.files.Plan.RemoteSource(f, path.endsWith("/")));
        }
        var plan = org.hpckernel.cluster.files.Plan.get(sources, local, false, transport);
        return new org.hpckernel.cluster.files.FileCopier(transport, listener).get(plan);
    }

    /** A cluster folder's entries by name (or the one file), at a path as {@link #remotePath} reads it. */
    public List<RemoteFile> list(String path) throws IOException {
        String absolute = remotePath(path);
        try {
            List<RemoteFile> entries = new java.util.ArrayList<>(transport.list(absolute));
            entries.sort(java.util.Comparator.comparing(RemoteFile::name));
            return entries;
        } catch (java.nio.file.NoSuchFileException e) {
            throw new MagicException("No file or folder " + path + " (" + absolute + ") on " + transport.describe() + ".");
        }
    }

    public List<JobRecord> history() throws IOException {
        return ledger.jobs(profile.name());
    }

    private static String firstLine(String s) {
        String t = s.strip();
        int nl = t.indexOf('\n');
        return nl < 0 ? t : t.substring(0, nl);
    }

    /** One array task with its state and the file its stdout goes to. */
    public record TaskLog(JobId task, JobStatus status, String logFile) {
    }

    /** The tasks of an array job, in index order, with their states and log files; empty for a plain job. */
    public List<TaskLog> arrayTasks(JobId parent) throws IOException {
        List<TaskLog> out = new java.util.ArrayList<>();
        for (JobStatus s : status(List.of(parent)).values()) {
            if (s.id().arrayIndex().isPresent() && s.id().arrayParent().equals(parent.arrayParent())) {
                String file;
                try {
                    file = logFile(s.id(), false);
                } catch (IOException | RuntimeException unknown) {
                    file = "";
                }
                out.add(new TaskLog(s.id(), s, file));
            }
        }
        out.sort(java.util.Comparator.comparing(t -> t.task().arrayIndex().orElse(0)));
        return out;
    }

    /** The file a job's log is written to on the cluster (resolved as the scheduler does). */
    public String logFile(JobId id, boolean stderr) throws IOException {
        return scheduler.logFile(id, directoryOf(id), stderr);
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] longBytes(long v) {
        return java.nio.ByteBuffer.allocate(8).putLong(v).array();
    }
}
