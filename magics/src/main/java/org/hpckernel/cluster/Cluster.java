package org.hpckernel.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import org.hpckernel.HpcException;
import org.hpckernel.cluster.profile.Profile;
import org.hpckernel.ledger.JobRecord;
import org.hpckernel.ledger.Ledger;

/**
 * One profile's cluster, the Java API behind {@code %hpc}: submit, status, logs, wait, cancel.
 * Every call goes over the profile's one transport; every job is recorded in the ledger first.
 */
public final class Cluster {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Cluster.class);

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = org.hpckernel.Json.records();
    private static final Duration MIN_POLL_INTERVAL = Duration.ofSeconds(1);
    private static final Duration MAX_POLL_INTERVAL = Duration.ofSeconds(30);

    private final Profile profile;
    private final Transport transport;
    private final Scheduler scheduler;
    private final Ledger ledger;
    private final org.hpckernel.cluster.modules.ModuleCatalog modules;
    private String workRoot;
    private long lastPollNanos;
    private Map<JobId, JobStatus> lastPoll = Map.of();
    /** Jobs someone is waiting on or following right now (with how many), polled together. */
    private final Map<JobId, Integer> watched = new LinkedHashMap<>();
    /** Whether each recorded job is a chain (and of how many links), read from the ledger once. */
    private final Map<JobId, Optional<Integer>> chainLinksSeen = new java.util.concurrent.ConcurrentHashMap<>();

    public Cluster(Profile profile, Transport transport, Scheduler scheduler, Ledger ledger) {
        this.profile = profile;
        this.transport = transport;
        this.scheduler = scheduler;
        this.ledger = ledger;
        this.modules = new org.hpckernel.cluster.modules.ModuleCatalog(transport);
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
            return scheduler.render(
                    resolvedPaths(withDefaults(spec)), new JobDirectory(workRoot() + "/jobs/<new job>"));
        } catch (IllegalArgumentException e) {
            throw new HpcException(e.getMessage());
        }
    }

    /**
     * What {@code --dry-run} shows: the script, how directives were translated, why a submit would
     * refuse it (above every partition's limits), else when the scheduler would start it.
     */
    public record DryRun(String script, String translation, Optional<String> refusal, Optional<String> start) {

        /** The script with the translation, the refusal and the start estimate as comments above it. */
        public String text() {
            return (translation.isEmpty() ? "" : "# Translated " + translation + "\n")
                    + refusal.map(r -> "# NOT SUBMITTABLE: " + r.replace("\n", "\n# ") + "\n")
                            .orElse("")
                    + start.map(s -> "# " + s.replace("\n", "\n# ") + "\n").orElse("")
                    + script;
        }
    }

    /**
     * The script that would be submitted, checked as a submit would check it (a job above every
     * partition's limits gets the refusal a submit would give, said instead of thrown so the script
     * is still shown), with the scheduler's start estimate where it gives one (Slurm's
     * {@code sbatch --test-only}). Nothing is submitted or recorded.
     */
    public DryRun dryRun(JobSpec requested) throws IOException {
        JobSpec spec = resolvedPaths(withDefaults(requested));
        JobDirectory dir = new JobDirectory(workRoot() + "/jobs/<new job>");
        String script = render(requested);
        String scratch = workRoot() + "/dry-run/"
                + HexFormat.of().formatHex(longBytes(ThreadLocalRandom.current().nextLong())) + ".sh";
        try {
            return new DryRun(
                    script, scheduler.translationNote(spec), Optional.empty(), scheduler.dryRun(spec, dir, scratch));
        } catch (SubmitFailed refused) {
            return new DryRun(
                    script, scheduler.translationNote(spec), Optional.of(refused.getMessage()), Optional.empty());
        } catch (IllegalArgumentException e) {
            throw new HpcException(e.getMessage());
        }
    }

    /**
     * The scheduler's queue in one remote call: the user's pending and running jobs, everyone's
     * with {@code all}, only {@code partition}'s when given; with the start each job is expected at.
     */
    public List<QueuedJob> queue(boolean all, Optional<String> partition) throws IOException {
        Optional<List<QueuedJob>> jobs;
        try {
            jobs = scheduler.queue(all, partition);
        } catch (IllegalArgumentException e) {
            throw new HpcException(e.getMessage());
        }
        return jobs.orElseThrow(
                () -> new HpcException(
                        "Profile " + profile.name() + " (" + scheduler.name()
                                + ") cannot list a queue: its scheduler has no queue command here. `%hpc status` shows the jobs you submitted."));
    }

    /** The partitions (queues, resource groups) with their limits and node counts, in one remote call. */
    public List<Partition> partitions() throws IOException {
        return scheduler
                .partitions()
                .orElseThrow(() -> new HpcException("Profile " + profile.name() + " (" + scheduler.name()
                        + ") cannot list partitions: its scheduler has no such command here."));
    }

    /** How the script's directives for other schedulers are translated on this profile; empty if none. */
    public String translationNote(JobSpec spec) {
        return scheduler.translationNote(spec);
    }

    /**
     * Schedulers do not expand {@code ~} in their directives: make the working folder absolute. A
     * container image given by a bare name ({@code pytorch.sif}) is the one in the profile's image folder.
     */
    private JobSpec resolvedPaths(JobSpec spec) throws IOException {
        Optional<String> wd = spec.workingDirectory();
        JobSpec.Builder b = spec.toBuilder();
        if (wd.isPresent()) {
            b.workingDirectory(transport.expandHome(wd.get()));
        }
        Optional<JobSpec.Container> c = spec.container();
        if (c.isPresent() && !c.get().image().contains("/") && !c.get().image().startsWith("~")) {
            b.container(new JobSpec.Container(
                    c.get().runtime(),
                    imagesFolder() + "/" + c.get().image(),
                    c.get().nvidia()));
        }
        return wd.isPresent() || c.isPresent() ? b.build() : spec;
    }

    /** The profile's image folder with ~ resolved: where images are built and bare {@code --container} names are found. */
    public String imagesFolder() throws IOException {
        return transport.expandHome(profile.imagesFolder());
    }

    /**
     * The modules of the cluster's login node whose name contains {@code query} (all without one),
     * from Lmod or Environment Modules; a list read in the last minutes is reused.
     */
    public org.hpckernel.cluster.modules.ModuleList modules(Optional<String> query) throws IOException {
        return modules.list(false).matching(query);
    }

    /** {@link #modules(Optional)}, read again from the cluster now. */
    public org.hpckernel.cluster.modules.ModuleList modulesRefreshed(Optional<String> query) throws IOException {
        return modules.list(true).matching(query);
    }

    /**
     * Builds a container image as a job: the definition goes (by file transfer) beside the image in
     * the profile's image folder, and {@code job} (resources, modules...) runs the build. The job is
     * followed like any other; bare {@code --container NAME.sif} names find the image afterwards.
     */
    public Submitted buildImage(String imageName, String definition, JobSpec.Builder job) throws IOException {
        org.hpckernel.cluster.container.ImageBuild build = imageBuild(imageName);
        JobSpec spec = job.name(build.jobName()).script(build.script()).build();
        if (spec.container().isPresent()) {
            throw new HpcException("A build job runs apptainer itself: leave out --container (the image to build is "
                    + build.imageName() + ").");
        }
        render(spec); // refuses what cannot run here before the definition is written
        transport.write(build.definitionPath(), definition.getBytes(StandardCharsets.UTF_8), 0644);
        return submitWithReport(spec);
    }

    /** Where {@code imageName} is built and its definition kept, for {@link #buildImage} and a dry run. */
    public org.hpckernel.cluster.container.ImageBuild imageBuild(String imageName) throws IOException {
        try {
            return new org.hpckernel.cluster.container.ImageBuild(imageName, imagesFolder());
        } catch (IllegalArgumentException e) {
            throw new HpcException(e.getMessage());
        }
    }

    /** Submits a job and returns its id; it is in the ledger before the scheduler is asked. */
    public JobId submit(JobSpec requested) throws IOException {
        return submitWithReport(requested).id();
    }

    /** A submitted job with what the cell should say about it: translated directives, a timeout that turned out fine. */
    public record Submitted(JobId id, JobSpec spec, String note) {}

    /** {@link #submit}, with the notes for the user; secrets named by the spec come from this process's environment. */
    public Submitted submitWithReport(JobSpec requested) throws IOException {
        return submitWithReport(requested, Secrets.resolve(requested.secrets(), System.getenv(), Map.of()));
    }

    /** {@link #submit} with the values of the spec's secrets (never stored: they reach the job in a 0600 file). */
    public Submitted submitWithReport(JobSpec requested, Map<String, String> secrets) throws IOException {
        JobSpec spec = resolvedPaths(withDefaults(requested));
        return submitIn(spec, newDirectory("jobs", spec.name()), secrets);
    }

    /** A fresh folder under the work root: {@code jobs/20260101-120000-NAME-1a2b3c4d}. */
    private JobDirectory newDirectory(String under, String name) throws IOException {
        String token = HexFormat.of()
                .formatHex(longBytes(ThreadLocalRandom.current().nextLong()))
                .substring(0, 8);
        String stamp = LocalDateTime.now(ZoneId.systemDefault()).format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        String safeName = BatchScripts.safeName(name);
        return new JobDirectory(workRoot() + "/" + under + "/" + stamp + "-"
                + (safeName.length() > 40 ? safeName.substring(0, 40) : safeName) + "-" + token);
    }

    /**
     * Runs a job attached, like {@code srun} or {@code qrsh} at a prompt: its stdout and stderr go
     * to {@code out} as they are written, and its exit code is returned. Interrupting the calling
     * thread cancels the job (nothing is left running) and throws InterruptedException. Secrets named
     * by the spec come from this process's environment.
     */
    public int run(JobSpec requested, Consumer<String> out) throws IOException, InterruptedException {
        return run(requested, Secrets.resolve(requested.secrets(), System.getenv(), Map.of()), out, out);
    }

    /**
     * {@link #run(JobSpec, Consumer)} with stderr apart and the secrets' values. The run gets a
     * folder under {@code runs/} of the work root (its scripts and exit file); it is not recorded in
     * the ledger, since it lives only as long as this call.
     */
    public int run(JobSpec requested, Map<String, String> secrets, Consumer<String> out, Consumer<String> err)
            throws IOException, InterruptedException {
        JobSpec spec = resolvedPaths(withDefaults(requested));
        if (!spec.environment().containsKey("PYTHONUNBUFFERED")) {
            // the output is watched as it comes: Python would hold it in a block buffer until the end
            spec = spec.toBuilder().env("PYTHONUNBUFFERED", "1").build();
        }
        try {
            return scheduler.run(spec, newDirectory("runs", spec.name()), secrets, out, err);
        } catch (IllegalArgumentException e) {
            throw new HpcException(e.getMessage());
        }
    }

    /**
     * Submits a job into a directory the caller chose (a sweep's batch), recorded in the ledger like
     * any job. The directory's receipt makes a second call with the same directory return the first
     * id instead of submitting again: that is how a resumed sweep finishes a submission cut short.
     */
    public JobId submit(JobSpec requested, JobDirectory dir) throws IOException {
        return submitIn(
                        resolvedPaths(withDefaults(requested)),
                        dir,
                        Secrets.resolve(requested.secrets(), System.getenv(), Map.of()))
                .id();
    }

    private Submitted submitIn(JobSpec spec, JobDirectory dir, Map<String, String> secrets) throws IOException {
        reconcileQuietly();
        String script;
        try {
            script = scheduler.render(spec, dir); // refuses what cannot run here before anything is recorded
        } catch (IllegalArgumentException e) {
            throw new HpcException(e.getMessage());
        }
        String moduleNote = modules.check(spec.modules()); // a module the login node certainly lacks is refused here
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
            throw new SubmitUncertain(
                    "The connection to " + transport.describe() + " failed during the submission (" + lost.getMessage()
                            + "). Nothing was lost: the submission is recorded, and `%hpc reconcile` (or any later %hpc call on this profile) "
                            + "finds out whether the scheduler took it. Do not submit again.");
        }
        ledger.submitted(token, profile.name(), done.id().value(), spec.name(), dir.path(), specJson, sha);
        String translated = scheduler.translationNote(spec);
        String note = String.join(
                "\n",
                java.util.stream.Stream.of(
                                translated.isEmpty() ? "" : "Translated " + translated, done.note(), moduleNote)
                        .filter(x -> !x.isEmpty())
                        .toList());
        return new Submitted(done.id(), spec, note);
    }

    /** The outcome of one open submission after {@link #reconcile}. */
    public record Reconciled(String jobDirectory, String name, Scheduler.Outcome outcome) {}

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
                case SUBMITTED ->
                    ledger.submitted(
                            o.token(),
                            profile.name(),
                            outcome.id().orElseThrow().value(),
                            o.name() == null ? "job" : o.name(),
                            o.jobDirectory(),
                            o.specJson() == null ? "{}" : o.specJson(),
                            o.scriptSha256() == null ? "" : o.scriptSha256());
                case NOT_SUBMITTED -> {
                    // a submission younger than this may still be on its way from another kernel
                    if (o.createdAt().isAfter(java.time.Instant.now().minus(OPEN_SUBMISSION_GRACE))) {
                        outcome = Scheduler.Outcome.pending("just started");
                    } else {
                        ledger.notSubmitted(o.token(), outcome.reason());
                    }
                }
                default -> {}
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
            LOG.info(
                    "profile {}: reconciling open submissions failed, tried again on the next call",
                    profile.name(),
                    later);
        }
    }

    private void stage(String localPath, JobDirectory dir) throws IOException {
        java.nio.file.Path file = java.nio.file.Path.of(localPath);
        if (!java.nio.file.Files.isRegularFile(file)) {
            throw new HpcException("Cannot stage " + localPath
                    + ": no such file here. Give a path relative to the notebook's folder.");
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
                    finished.put(
                            JobId.of(r.jobId()),
                            new JobStatus(
                                    JobId.of(r.jobId()),
                                    known,
                                    r.exitCode(),
                                    Optional.empty(),
                                    r.reason(),
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
        summariseChains(jobs, states);
        finished.forEach(states::putIfAbsent);
        for (JobStatus s : states.values()) {
            if (s.state() != JobState.UNKNOWN && s.id().arrayIndex().isEmpty()) {
                ledger.stateSeen(
                        profile.name(),
                        s.id().value(),
                        s.state().name(),
                        s.exitCode(),
                        s.reason(),
                        s.source().name());
            }
        }
        lastPoll = states;
        lastPollNanos = System.nanoTime();
        return states;
    }

    /** A chain's parent gets ONE state for its links ({@link ChainStatus}), from its chain.log read beside the poll. */
    private void summariseChains(Map<JobId, JobDirectory> polled, Map<JobId, JobStatus> states) throws IOException {
        java.util.Set<JobId> done = new java.util.HashSet<>();
        for (Map.Entry<JobId, JobDirectory> e : polled.entrySet()) {
            JobId parent = e.getKey().arrayParent();
            JobStatus seen = states.get(parent);
            Optional<Integer> links = seen == null || !done.add(parent) ? Optional.empty() : chainLinks(parent);
            if (links.isPresent()) {
                try {
                    byte[] log = transport.read(e.getValue().path() + "/" + ChainScript.LOG, 0, 1 << 16);
                    states.put(
                            parent, ChainStatus.of(parent, links.get(), seen, new String(log, StandardCharsets.UTF_8)));
                } catch (IOException unread) {
                    // the scheduler's word alone would call a chain that went on after a timeout TIMEOUT
                    states.put(
                            parent,
                            JobStatus.unknown(
                                    parent,
                                    "the chain's " + ChainScript.LOG + " could not be read: " + unread.getMessage()));
                }
            }
        }
    }

    /** The number of links when {@code id} is a chained run (its stored spec says so), else empty. */
    public Optional<Integer> chainLinks(JobId id) throws IOException {
        JobId parent = id.arrayParent();
        Optional<Integer> seen = chainLinksSeen.get(parent);
        if (seen != null) {
            return seen;
        }
        Optional<JobRecord> recorded = ledger.job(profile.name(), parent.value());
        Optional<Integer> links = recorded.flatMap(r -> ChainStatus.links(r.specJson()));
        if (recorded.isPresent()) {
            chainLinksSeen.put(
                    parent,
                    links); // a recorded job's spec never changes: status tables ask this for every row and poll
        }
        return links;
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
            throw new HpcException(
                    s[0] == null
                            ? "The last submission on profile " + profile.name()
                                    + " has no answer from the scheduler yet: `%hpc reconcile` looks again."
                            : "The last submission on profile " + profile.name() + " was not submitted ("
                                    + firstLine(s[1] == null ? "" : s[1])
                                    + "), so 'last' names no job. `%hpc jobs` lists the earlier ones.");
        }
        List<JobRecord> jobs = ledger.jobs(profile.name());
        if (jobs.isEmpty()) {
            throw new HpcException(
                    "No job submitted on profile " + profile.name() + " yet, so there is no 'last' job.");
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
        return new JobDirectory(
                record.orElseThrow(() -> new HpcException("Job " + id.value() + " is not known on profile "
                                + profile.name() + ": %hpc jobs lists the jobs this kernel submitted."))
                        .jobDirectory());
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

    private Map<JobId, JobStatus> awaitWatched(
            Collection<JobId> ids, Duration timeout, Consumer<Map<JobId, JobStatus>> onPoll)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Duration interval = MIN_POLL_INTERVAL;
        while (true) {
            Map<JobId, JobStatus> states = only(ids, sharedStatus(ids));
            onPoll.accept(states);
            // a job whose afterok parent failed never starts: waiting for it would only end at the timeout
            boolean done = ids.stream()
                    .allMatch(id -> states.containsKey(id) && states.get(id).isSettled());
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
            directoryOf(id); // refuses ids this profile never submitted
        }
        scheduler.cancel(ids);
    }

    /**
     * What these jobs used, array tasks one by one (an array's id brings all its tasks), in ONE
     * remote call, in the order asked; a job accounting has no record of yet is left out. Throws
     * {@link org.hpckernel.cluster.usage.UsageUnavailable} when this profile's scheduler cannot say.
     */
    public List<org.hpckernel.cluster.usage.JobUsage> usage(Collection<JobId> ids) throws IOException {
        List<JobId> wanted = List.copyOf(new java.util.LinkedHashSet<>(ids));
        List<org.hpckernel.cluster.usage.JobUsage> found = scheduler.usage(wanted);
        List<org.hpckernel.cluster.usage.JobUsage> out = new java.util.ArrayList<>();
        for (JobId id : wanted) {
            List<org.hpckernel.cluster.usage.JobUsage> tasks = found.stream()
                    .filter(u -> id.arrayIndex().isEmpty()
                            && u.id().arrayIndex().isPresent()
                            && u.id().arrayParent().equals(id))
                    .sorted(java.util.Comparator.comparing(
                            u -> u.id().arrayIndex().orElse(-1)))
                    .toList();
            // an array's own row (PBS prints one) would count its tasks twice
            (tasks.isEmpty() ? found.stream().filter(u -> u.id().equals(id)).toList() : tasks)
                    .stream().filter(u -> !out.contains(u)).forEach(out::add);
        }
        return out;
    }

    /**
     * What every ended job of this profile used, by job id, for cost reports: kept in the ledger once
     * accounting told it, so the scheduler is asked ONCE, only about ended jobs not known yet. A job
     * accounting has no record of (never started, or forgotten) is left out.
     */
    public Map<String, List<org.hpckernel.cluster.usage.JobUsage>> endedJobsUsage() throws IOException {
        org.hpckernel.cluster.usage.UsageStore store = new org.hpckernel.cluster.usage.UsageStore(ledger);
        Map<String, List<org.hpckernel.cluster.usage.JobUsage>> known = store.load(profile.name());
        List<JobId> ask = ledger.jobs(profile.name()).stream()
                .filter(r -> JobState.valueOf(r.state()).isTerminal())
                .map(JobRecord::jobId)
                .filter(id -> !known.containsKey(id))
                .map(JobId::of)
                .toList();
        if (!ask.isEmpty()) {
            List<org.hpckernel.cluster.usage.JobUsage> used = usage(ask);
            for (JobId id : ask) {
                List<org.hpckernel.cluster.usage.JobUsage> mine = used.stream()
                        .filter(u -> u.id().equals(id) || u.id().arrayParent().equals(id))
                        .toList();
                // a task still running (an array cut short) would be kept with its usage so far: wait until all ended
                boolean ended = mine.stream()
                        .noneMatch(u ->
                                u.state().startsWith("RUNNING") || u.state().startsWith("PENDING"));
                if (!mine.isEmpty() && ended) {
                    store.save(profile.name(), id.value(), mine);
                    known.put(id.value(), mine);
                }
            }
        }
        return known;
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
            LOG.debug("job {}: no log tail for the explanation", status.id(), noLog);
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
            throw new HpcException(e.getMessage());
        }
        return p.resolve(
                transport.home(),
                p.job().isPresent() ? directoryOf(resolve(p.job().get())).path() : null);
    }

    /** Copies local files and folders (rsync -r style) to {@code remote}; unchanged files are skipped, cut copies resumed. */
    public List<org.hpckernel.cluster.files.Copied> put(
            List<java.nio.file.Path> local, String remote, org.hpckernel.cluster.files.TransferListener listener)
            throws IOException {
        String target = remotePath(remote);
        boolean folder = transport.stat(target).map(RemoteFile::isDirectory).orElse(false);
        var plan = org.hpckernel.cluster.files.Plan.put(local, target, folder);
        return new org.hpckernel.cluster.files.FileCopier(transport, listener).put(plan);
    }

    /** Copies cluster files and folders (paths as {@link #remotePath} reads them) to {@code local}, a folder when it is one. */
    public List<org.hpckernel.cluster.files.Copied> get(
            List<String> remote, java.nio.file.Path local, org.hpckernel.cluster.files.TransferListener listener)
            throws IOException {
        List<org.hpckernel.cluster.files.Plan.RemoteSource> sources = new java.util.ArrayList<>();
        for (String text : remote) {
            String path = remotePath(text);
            RemoteFile f = transport
                    .stat(path)
                    .orElseThrow(() -> new HpcException("No file or folder " + text + " (" + path + ") on "
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
            throw new HpcException(
                    "No file or folder " + path + " (" + absolute + ") on " + transport.describe() + ".");
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
    public record TaskLog(JobId task, JobStatus status, String logFile) {}

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
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] longBytes(long v) {
        return java.nio.ByteBuffer.allocate(8).putLong(v).array();
    }
}
