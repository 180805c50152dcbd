package org.hpckernel.sweep;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hpckernel.HpcException;
import org.hpckernel.cluster.Cluster;
import org.hpckernel.session.Hpc;

/**
 * The sweeps of one session: starts them, resumes them after a restart, and finds them by id for
 * status, results and stop. The Java API behind {@code %hpc sweep}:
 * <pre>
 * SweepRun run = Sweeps.of(Hpc.session()).start(Hpc.session().cluster("mycluster"), definition);
 * run.await(Duration.ofHours(2));
 * run.study().results();
 * </pre>
 */
public final class Sweeps {

    /** A heartbeat older than this means the kernel that steered the sweep is gone. */
    static final Duration STEERING_LEASE = Duration.ofMinutes(2);

    private static final IdentityHashMap<Hpc, Sweeps> SESSIONS = new IdentityHashMap<>();

    private final Hpc hpc;
    private final String owner;
    private final Map<Integer, SweepRun> runs = new LinkedHashMap<>();
    private SweepStore store;

    Sweeps(Hpc hpc, String owner) {
        this.hpc = hpc;
        this.owner = owner;
    }

    public static synchronized Sweeps of(Hpc hpc) {
        return SESSIONS.computeIfAbsent(hpc, h -> new Sweeps(h, thisKernel()));
    }

    private static String thisKernel() {
        return "kernel " + ProcessHandle.current().pid() + "@" + hostName();
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }

    /** A kernel on another machine is taken to be alive (its heartbeat decides); one on this machine must still run. */
    static boolean alive(String owner) {
        java.util.regex.Matcher m =
                java.util.regex.Pattern.compile("kernel (\\d+)@(.+)").matcher(owner);
        if (!m.matches() || !m.group(2).equals(hostName())) return true;
        return ProcessHandle.of(Long.parseLong(m.group(1)))
                .map(ProcessHandle::isAlive)
                .orElse(false);
    }

    public synchronized SweepStore store() throws IOException {
        if (store == null) store = new SweepStore(hpc.ledger());
        return store;
    }

    /** Records a new sweep and starts steering it in the background; the first array goes out at once. */
    public synchronized SweepRun start(Cluster cluster, SweepDefinition definition) throws IOException {
        return start(cluster, definition, ParallelismBudget.Share.UNLIMITED);
    }

    /** Starts one segment of a segmented sweep: its new trials wait for slots of the shared budget. */
    public synchronized SweepRun start(Cluster cluster, SweepDefinition definition, ParallelismBudget.Share share)
            throws IOException {
        Study study = definition.newStudy(); // a bad config or method fails here, before anything is recorded
        SweepStore.SweepRecord record = store().create(cluster.profile().name(), definition, cluster.workRoot());
        store().claim(record.id(), owner, STEERING_LEASE, Sweeps::alive);
        SweepSteerer steerer =
                new SweepSteerer(study, definition, cluster, record.directory(), store().journal(record.id()));
        return launch(record, steerer.sharing(share));
    }

    /**
     * Steers a recorded sweep again (after a kernel restart, a stop, or a failure that was fixed):
     * trials are read back from the ledger, running ones are found again in the scheduler's answer,
     * and a batch whose submission was cut short goes to the same folder, whose receipt prevents a
     * second submission. Refused while another live kernel steers the sweep.
     */
    public synchronized SweepRun resume(int id) throws IOException {
        return resume(id, java.util.function.UnaryOperator.identity());
    }

    /**
     * Resumes with the job template changed (a partition or time limit the scheduler refused): arrays
     * submitted from now on use it; the change is recorded with the sweep.
     */
    public synchronized SweepRun resume(
            int id, java.util.function.UnaryOperator<org.hpckernel.cluster.JobSpec> changeTemplate) throws IOException {
        return resume(id, changeTemplate, ParallelismBudget.Share.UNLIMITED);
    }

    /** Resumes one segment of a segmented sweep with the group's shared budget. */
    public synchronized SweepRun resume(
            int id,
            java.util.function.UnaryOperator<org.hpckernel.cluster.JobSpec> changeTemplate,
            ParallelismBudget.Share share)
            throws IOException {
        SweepRun active = runs.get(id);
        if (active != null && !active.progress().ended()) return active;
        SweepStore.SweepRecord recorded = record(id);
        org.hpckernel.cluster.JobSpec template =
                changeTemplate.apply(recorded.definition().template());
        if (!template.equals(recorded.definition().template())) {
            SweepDefinition d = recorded.definition();
            store().redefine(
                            id,
                            new SweepDefinition(
                                    d.name(),
                                    d.config(),
                                    d.method(),
                                    d.metric(),
                                    d.goal(),
                                    d.seed(),
                                    d.steering(),
                                    d.maxAttempts(),
                                    d.command(),
                                    template,
                                    d.prune()));
        }
        SweepStore.SweepRecord record = record(id);
        claim(id);
        return launch(record, steererFor(record).sharing(share));
    }

    private void claim(int id) throws IOException {
        Optional<String> holder = store().claim(id, owner, STEERING_LEASE, Sweeps::alive);
        if (holder.isPresent()) {
            throw new HpcException("Sweep " + id + " is being steered by " + holder.get() + " (heartbeat within "
                    + STEERING_LEASE.toMinutes()
                    + " min). Resuming it here too would submit its points twice: stop it there, "
                    + "or wait until that kernel has been gone for " + STEERING_LEASE.toMinutes() + " minutes.");
        }
    }

    /** The steering loop of a recorded sweep, its study read back from the ledger; nothing is submitted yet. */
    private SweepSteerer steererFor(SweepStore.SweepRecord record) throws IOException {
        Cluster cluster = hpc.cluster(record.profile());
        List<SweepStore.StoredTrial> trials = store().trials(record.id());
        return SweepSteerer.resume(
                restore(record.definition(), trials),
                record.definition(),
                cluster,
                record.directory(),
                store().journal(record.id()),
                trials,
                store().batches(record.id()));
    }

    private SweepRun launch(SweepStore.SweepRecord record, SweepSteerer steerer) throws IOException {
        SweepRun run = new SweepRun(record.id(), record.name(), steerer, store(), owner);
        runs.put(record.id(), run);
        run.start();
        return run;
    }

    /** The sweep if this kernel steers it (or did, since it started). */
    public synchronized Optional<SweepRun> run(int id) {
        return Optional.ofNullable(runs.get(id));
    }

    public SweepStore.SweepRecord record(int id) throws IOException {
        return store().sweep(id)
                .orElseThrow(
                        () -> new HpcException("No sweep " + id + " in the ledger: %hpc sweep list shows the sweeps."));
    }

    /** A sweep id as typed: a number, or {@code last} for the newest sweep. */
    public int resolve(String text) throws IOException {
        if ("last".equals(text)) {
            List<SweepStore.SweepRecord> all = store().sweeps();
            if (all.isEmpty()) throw new HpcException("No sweep started yet, so there is no 'last' sweep.");
            return all.get(0).id();
        }
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new HpcException(
                    "'" + text + "' is not a sweep id: give the number %%hpc sweep printed (or 'last').");
        }
    }

    /** The study of a sweep: live if this kernel steers it, else as the ledger has it. */
    public Study study(int id) throws IOException {
        Optional<SweepRun> run = run(id);
        if (run.isPresent()) return run.get().study();
        return restore(record(id).definition(), store().trials(id));
    }

    /** Progress of any recorded sweep; one that says RUNNING but has no live steering kernel is NOT_STEERED. */
    public SweepProgress progress(int id) throws IOException {
        Optional<SweepRun> run = run(id);
        if (run.isPresent()) return run.get().progress();
        SweepStore.SweepRecord r = record(id);
        boolean alive = r.steeredBy() != null
                && alive(r.steeredBy())
                && r.heartbeat() != null
                && r.heartbeat().isAfter(java.time.Instant.now().minus(STEERING_LEASE));
        boolean orphaned = r.state().equals("RUNNING") && (!alive || owner.equals(r.steeredBy()));
        String state = orphaned ? "NOT_STEERED" : r.state();
        String message = orphaned
                ? "no kernel steers it: %hpc sweep resume " + id
                : r.state().equals("RUNNING") ? "steered by " + r.steeredBy() : r.message();
        return SweepProgress.of(
                id, r.name(), state, study(id), r.definition().steering().maxPoints(), message);
    }

    /** Stops a sweep: cancels its running arrays, even when no kernel steers it any more. */
    public void stop(int id) throws IOException, InterruptedException {
        Optional<SweepRun> run = run(id);
        if (run.isPresent() && !run.get().progress().ended()) {
            run.get().stop();
            return;
        }
        SweepStore.SweepRecord r = record(id);
        if (r.state().equals("STOPPED") || r.state().equals("DONE"))
            throw new HpcException("Sweep " + id + " is already " + r.state() + ".");
        // not steered here: take it over only to cancel what runs and record the stop (nothing new is asked)
        claim(id);
        steererFor(r).stop();
        store().state(id, "STOPPED", "stopped by the user");
    }

    /** A study with the recorded trials, in order, their points in each parameter's Java type. */
    static Study restore(SweepDefinition definition, List<SweepStore.StoredTrial> trials) {
        Study study = definition.newStudy();
        SearchSpace space = study.space();
        for (SweepStore.StoredTrial t : trials) {
            if (t.number() != study.trials().size())
                throw new IllegalStateException(
                        "the ledger is missing trial " + study.trials().size() + " of this sweep");
            Map<String, Object> point = new LinkedHashMap<>();
            t.params()
                    .forEach((k, v) ->
                            point.put(k, space.param(k).map(p -> p.coerce(v)).orElse(v)));
            study.add(
                    point,
                    t.state(),
                    t.value(),
                    t.reason() == null || t.reason().isEmpty() ? null : t.reason(),
                    t.attempts());
        }
        return study;
    }
}
