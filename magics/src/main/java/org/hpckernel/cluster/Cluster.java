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
        if (!profile.modules().isEmpty()) {
            List<String> modules = new java.util.ArrayList<>(profile.modules());
            spec.modules().stream().filter(m -> !modules.contains(m)).forEach(modules::add);
            b.modules(modules);
        }
        return b.build();
    }

    /** The script that would be submitted, for {@code --dry-run}. */
    public String render(JobSpec spec) throws IOException {
        return scheduler.render(absoluteWorkdir(withDefaults(spec)), new JobDirectory(workRoot() + "/jobs/<new job>"));
    }

    /** Schedulers do not expand {@code ~} in their directives: make the working folder absolute. */
    private JobSpec absoluteWorkdir(JobSpec spec) throws IOException {
        Optional<String> wd = spec.workingDirectory();
        return wd.isPresent() ? spec.toBuilder().workingDirectory(transport.expandHome(wd.get())).build() : spec;
    }

    /** Submits a job and returns its id; it is in the ledger before the scheduler is asked. */
    public JobId submit(JobSpec requested) throws IOException {
        JobSpec spec = absoluteWorkdir(withDefaults(requested));
        String token = HexFormat.of().formatHex(longBytes(ThreadLocalRandom.current().nextLong())).substring(0, 8);
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        String safeName = spec.name().replaceAll("[^A-Za-z0-9._-]", "_");
        JobDirectory dir = new JobDirectory(workRoot() + "/jobs/" + stamp + "-" + (safeName.length() > 40 ? safeName.substring(0, 40) : safeName) + "-" + token);
        return submitIn(spec, dir, token);
    }

    /**
     * Submits a job into a directory the caller chose (a sweep's batch), recorded in the ledger like
     * any job. The directory's receipt makes a second call with the same directory return the first
     * id instead of submitting again: that is how a resumed sweep finishes a submission cut short.
     */
    public JobId submit(JobSpec requested, JobDirectory dir) throws IOException {
        String token = HexFormat.of().formatHex(longBytes(ThreadLocalRandom.current().nextLong())).substring(0, 8);
        return submitIn(absoluteWorkdir(withDefaults(requested)), dir, token);
    }

    private JobId submitIn(JobSpec spec, JobDirectory dir, String token) throws IOException {
        ledger.profileUsed(profile.name(), profile.scheduler(), profile.host());
        ledger.submissionStarted(token, profile.name(), dir.path());
        String specJson = JSON.writeValueAsString(spec);
        transport.write(dir.params(), JSON.writeValueAsBytes(spec.params()), 0644);
        for (String staged : spec.stagedFiles()) {
            stage(staged, dir);
        }
        JobId id = scheduler.submit(spec, dir);
        ledger.submitted(token, profile.name(), id.value(), spec.name(), dir.path(), specJson, sha256(scheduler.render(spec, dir)));
        return id;
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
        Map<JobId, JobDirectory> jobs = new LinkedHashMap<>();
        Map<JobId, JobStatus> finished = new LinkedHashMap<>();
        if (ids.isEmpty()) {
            // every tracked job: those the ledger saw end are not asked about again
            for (JobRecord r : ledger.jobs(profile.name())) {
                JobState known = JobState.valueOf(r.state());
                if (known.isTerminal()) {
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
                ledger.stateSeen(profile.name(), s.id().value(), s.state().name(), s.exitCode(), s.reason());
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
        JobDirectory dir = directoryOf(id);
        Optional<String> path = LogLocator.path(scheduler, transport, workRoot(), id, dir, stderr);
        if (path.isEmpty()) {
            return new Scheduler.LogChunk("", 0);
        }
        LogTail.Result r = LogTail.last(LogTail.over(transport, path.get()), path.get(), lines, LogTail.Limits.DEFAULT);
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

    public List<JobRecord> history() throws IOException {
        return ledger.jobs(profile.name());
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
