package org.hpckernel.sweep;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hpckernel.cluster.JobId;
import org.hpckernel.ledger.Ledger;

/**
 * The sweep tables of the ledger: one row per sweep (its definition as JSON, its state, which
 * kernel steers it), per batch (one job array: its folder and, once submitted, its id), per trial
 * (point, state, objective, current attempt and where it runs) and per attempt (what became of it).
 * Reads and writes go through the ledger's own lock and transactions.
 */
public final class SweepStore {

    public static final String COMPONENT = "sweeps";

    private static final List<String> MIGRATIONS = List.of("""
            CREATE TABLE sweeps (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL, profile TEXT NOT NULL,
                definition_json TEXT NOT NULL, sweep_dir TEXT NOT NULL, state TEXT NOT NULL, message TEXT NOT NULL DEFAULT '',
                steered_by TEXT, heartbeat TEXT, created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
            CREATE TABLE sweep_batches (sweep_id INTEGER NOT NULL, batch INTEGER NOT NULL, job_dir TEXT NOT NULL, job_id TEXT,
                planned_at TEXT NOT NULL, submitted_at TEXT, PRIMARY KEY (sweep_id, batch));
            CREATE TABLE sweep_trials (sweep_id INTEGER NOT NULL, number INTEGER NOT NULL, params_json TEXT NOT NULL,
                state TEXT NOT NULL, value REAL, reason TEXT NOT NULL DEFAULT '', attempts INTEGER NOT NULL,
                batch INTEGER NOT NULL, task INTEGER NOT NULL, updated_at TEXT NOT NULL, PRIMARY KEY (sweep_id, number));
            CREATE TABLE sweep_attempts (sweep_id INTEGER NOT NULL, number INTEGER NOT NULL, attempt INTEGER NOT NULL,
                batch INTEGER NOT NULL, task INTEGER NOT NULL, outcome TEXT NOT NULL, at TEXT NOT NULL,
                PRIMARY KEY (sweep_id, number, attempt));
            """, """
            CREATE TABLE sweep_intermediate (sweep_id INTEGER NOT NULL, number INTEGER NOT NULL, step INTEGER NOT NULL,
                value REAL NOT NULL, PRIMARY KEY (sweep_id, number, step));
            """);

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = org.hpckernel.Json.plain();

    /** A sweep as recorded. state: RUNNING, STOPPED, DONE or FAILED (steering gave up; message says why). */
    public record SweepRecord(
            int id,
            String name,
            String profile,
            SweepDefinition definition,
            String directory,
            String state,
            String message,
            String steeredBy,
            Instant heartbeat,
            Instant createdAt) {}

    /** A trial as recorded; batch/task say where its current attempt runs. */
    public record StoredTrial(
            int number,
            Map<String, Object> params,
            TrialState state,
            Double value,
            String reason,
            int attempts,
            int batch,
            int task) {}

    /** A job array of a sweep; jobId is null while it is planned and not known to be submitted. */
    public record StoredBatch(int batch, String directory, String jobId) {}

    /** One attempt of a trial that ended: outcome is COMPLETE, FAILED ..., or the job state that made it retry. */
    public record StoredAttempt(int number, int attempt, String outcome) {}

    private final Ledger ledger;
    private final AttemptStartStore starts;

    public SweepStore(Ledger ledger) throws IOException {
        this.ledger = ledger;
        ledger.migrate(COMPONENT, MIGRATIONS);
        this.starts = new AttemptStartStore(ledger);
    }

    /** How each ended attempt started (checkpoint or not, requeued by the scheduler or not). */
    public AttemptStartStore starts() {
        return starts;
    }

    /** Records a new sweep (state RUNNING) and returns it; its folder is {@code root/sweeps/STAMP-ID-NAME-TOKEN}. */
    public SweepRecord create(String profile, SweepDefinition definition, String root) throws IOException {
        String now = Instant.now().toString();
        String safeName = definition.name().replaceAll("[^A-Za-z0-9._-]", "_");
        if (safeName.length() > 40) safeName = safeName.substring(0, 40);
        int id = write(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO sweeps (name, profile, definition_json, sweep_dir, state, created_at, updated_at) "
                            + "VALUES (?, ?, ?, '', 'RUNNING', ?, ?)",
                    PreparedStatement.RETURN_GENERATED_KEYS)) {
                bind(ps, definition.name(), profile, definition.toJson(), now, now);
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    keys.next();
                    return keys.getInt(1);
                }
            }
        });
        // a stamp and a random token too: another ledger (another machine, a deleted file) may have
        // used the same id under the same work root, and a batch folder's receipt must never be reused
        String folder = java.time.LocalDateTime.now(ZoneId.systemDefault())
                        .format(java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))
                + "-" + id + "-" + safeName + "-"
                + Long.toHexString(
                        java.util.concurrent.ThreadLocalRandom.current().nextLong() >>> 32);
        write(c -> update(c, "UPDATE sweeps SET sweep_dir = ? WHERE id = ?", root + "/sweeps/" + folder, id));
        return sweep(id).orElseThrow();
    }

    public Optional<SweepRecord> sweep(int id) throws IOException {
        List<SweepRecord> found = sweeps("WHERE id = " + id);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    /** Every sweep, newest first. */
    public List<SweepRecord> sweeps() throws IOException {
        return sweeps("");
    }

    private List<SweepRecord> sweeps(String where) throws IOException {
        return read(c -> {
            List<SweepRecord> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                            "SELECT id, name, profile, definition_json, sweep_dir, state, message, steered_by, heartbeat, "
                                    + "created_at FROM sweeps " + where + " ORDER BY id DESC");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new SweepRecord(
                            rs.getInt(1),
                            rs.getString(2),
                            rs.getString(3),
                            SweepDefinition.fromJson(rs.getString(4)),
                            rs.getString(5),
                            rs.getString(6),
                            rs.getString(7),
                            rs.getString(8),
                            rs.getString(9) == null ? null : Instant.parse(rs.getString(9)),
                            Instant.parse(rs.getString(10))));
                }
            }
            return out;
        });
    }

    /** Replaces a sweep's definition (resources changed on resume); trials and batches stay. */
    public void redefine(int id, SweepDefinition definition) throws IOException {
        write(c -> update(
                c,
                "UPDATE sweeps SET definition_json = ?, updated_at = ? WHERE id = ?",
                definition.toJson(),
                Instant.now().toString(),
                id));
    }

    public void state(int id, String state, String message) throws IOException {
        write(c -> update(
                c,
                "UPDATE sweeps SET state = ?, message = ?, updated_at = ? WHERE id = ?",
                state,
                message,
                Instant.now().toString(),
                id));
    }

    /**
     * Makes {@code owner} the kernel steering sweep {@code id}, unless another kernel that is still
     * {@code alive} beat its heartbeat within {@code staleAfter}: two kernels steering one sweep would
     * submit its points twice.
     * @return empty when claimed, else who holds it
     */
    public Optional<String> claim(
            int id, String owner, java.time.Duration staleAfter, java.util.function.Predicate<String> alive)
            throws IOException {
        return write(c -> {
            try (PreparedStatement ps =
                    c.prepareStatement("SELECT steered_by, heartbeat, state FROM sweeps WHERE id = ?")) {
                ps.setInt(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) throw new SQLException("no sweep " + id);
                    String holder = rs.getString(1), beat = rs.getString(2);
                    if (holder != null
                            && !holder.equals(owner)
                            && beat != null
                            && "RUNNING".equals(rs.getString(3))
                            && alive.test(holder)
                            && Instant.parse(beat).isAfter(Instant.now().minus(staleAfter))) {
                        return Optional.of(holder);
                    }
                }
            }
            update(
                    c,
                    "UPDATE sweeps SET steered_by = ?, heartbeat = ?, state = 'RUNNING', message = '', updated_at = ? WHERE id = ?",
                    owner,
                    Instant.now().toString(),
                    Instant.now().toString(),
                    id);
            return Optional.<String>empty();
        });
    }

    public void heartbeat(int id, String owner) throws IOException {
        write(c -> update(
                c,
                "UPDATE sweeps SET heartbeat = ? WHERE id = ? AND steered_by = ?",
                Instant.now().toString(),
                id,
                owner));
    }

    public List<StoredTrial> trials(int id) throws IOException {
        return read(c -> {
            List<StoredTrial> out = new ArrayList<>();
            try (PreparedStatement ps =
                    c.prepareStatement("SELECT number, params_json, state, value, reason, attempts, batch, task "
                            + "FROM sweep_trials WHERE sweep_id = ? ORDER BY number")) {
                ps.setInt(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        double v = rs.getDouble(4);
                        Double value = rs.wasNull() ? null : v;
                        out.add(new StoredTrial(
                                rs.getInt(1),
                                params(rs.getString(2)),
                                TrialState.valueOf(rs.getString(3)),
                                value,
                                rs.getString(5),
                                rs.getInt(6),
                                rs.getInt(7),
                                rs.getInt(8)));
                    }
                }
            }
            return out;
        });
    }

    public List<StoredBatch> batches(int id) throws IOException {
        return read(c -> {
            List<StoredBatch> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT batch, job_dir, job_id FROM sweep_batches WHERE sweep_id = ? ORDER BY batch")) {
                ps.setInt(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.add(new StoredBatch(rs.getInt(1), rs.getString(2), rs.getString(3)));
                }
            }
            return out;
        });
    }

    /** Attempts that ended, in order (retries show up here with the state that caused them). */
    public List<StoredAttempt> attempts(int id) throws IOException {
        return read(c -> {
            List<StoredAttempt> out = new ArrayList<>();
            try (PreparedStatement ps =
                    c.prepareStatement("SELECT number, attempt, outcome FROM sweep_attempts WHERE sweep_id = ? "
                            + "AND outcome <> 'RUNNING' ORDER BY number, attempt")) {
                ps.setInt(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.add(new StoredAttempt(rs.getInt(1), rs.getInt(2), rs.getString(3)));
                }
            }
            return out;
        });
    }

    /** When a trial's first attempt went out (its array's submission, else planning) and its outcome was recorded. */
    public record StoredTimes(int number, Instant start, Instant end) {}

    /** Every trial's times; end is null while the trial runs. */
    public Map<Integer, StoredTimes> trialTimes(int id) throws IOException {
        return read(c -> {
            Map<Integer, StoredTimes> out = new java.util.TreeMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT t.number, "
                    + "COALESCE(b.submitted_at, b.planned_at, t.updated_at), t.updated_at, t.state FROM sweep_trials t "
                    + "LEFT JOIN sweep_attempts a ON a.sweep_id = t.sweep_id "
                    + "AND a.number = t.number AND a.attempt = 1 LEFT JOIN sweep_batches b ON b.sweep_id = t.sweep_id "
                    + "AND b.batch = a.batch WHERE t.sweep_id = ?")) {
                ps.setInt(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        boolean running = rs.getString(4).equals(TrialState.RUNNING.name());
                        out.put(
                                rs.getInt(1),
                                new StoredTimes(
                                        rs.getInt(1),
                                        Instant.parse(rs.getString(2)),
                                        running ? null : Instant.parse(rs.getString(3))));
                    }
                }
            }
            return out;
        });
    }

    /** Records intermediate values a trial reported (its metrics.jsonl), step by step; a step told again keeps the last value. */
    public void recordIntermediate(int id, int trial, java.util.SortedMap<Long, Double> values) throws IOException {
        if (values.isEmpty()) return;
        write(c -> {
            for (var e : values.entrySet())
                update(
                        c,
                        "INSERT OR REPLACE INTO sweep_intermediate (sweep_id, number, step, value) VALUES (?, ?, ?, ?)",
                        id,
                        trial,
                        e.getKey(),
                        e.getValue());
            return null;
        });
    }

    /** Every trial's intermediate values, by trial number then step. */
    public Map<Integer, java.util.SortedMap<Long, Double>> intermediates(int id) throws IOException {
        return read(c -> {
            Map<Integer, java.util.SortedMap<Long, Double>> out = new java.util.TreeMap<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT number, step, value FROM sweep_intermediate WHERE sweep_id = ? ORDER BY number, step")) {
                ps.setInt(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next())
                        out.computeIfAbsent(rs.getInt(1), k -> new java.util.TreeMap<>())
                                .put(rs.getLong(2), rs.getDouble(3));
                }
            }
            return out;
        });
    }

    /** The journal the steering loop of sweep {@code id} writes to. */
    public SweepJournal journal(int id) {
        return new SweepJournal() {
            @Override
            public void planned(int batch, String directory, List<Trial> trials) throws IOException {
                String now = Instant.now().toString();
                write(c -> {
                    update(
                            c,
                            "INSERT INTO sweep_batches (sweep_id, batch, job_dir, planned_at) VALUES (?, ?, ?, ?)",
                            id,
                            batch,
                            directory,
                            now);
                    for (int task = 0; task < trials.size(); task++) {
                        Trial t = trials.get(task);
                        update(
                                c,
                                "INSERT INTO sweep_trials (sweep_id, number, params_json, state, attempts, batch, task, updated_at) "
                                        + "VALUES (?, ?, ?, 'RUNNING', ?, ?, ?, ?) ON CONFLICT(sweep_id, number) DO UPDATE SET state = 'RUNNING', "
                                        + "attempts = excluded.attempts, batch = excluded.batch, task = excluded.task, updated_at = excluded.updated_at",
                                id,
                                t.number(),
                                json(t.params()),
                                t.attempts(),
                                batch,
                                task,
                                now);
                        update(
                                c,
                                "INSERT OR REPLACE INTO sweep_attempts (sweep_id, number, attempt, batch, task, outcome, at) "
                                        + "VALUES (?, ?, ?, ?, ?, 'RUNNING', ?)",
                                id,
                                t.number(),
                                t.attempts(),
                                batch,
                                task,
                                now);
                    }
                    return null;
                });
            }

            @Override
            public void submitted(int batch, JobId array) throws IOException {
                write(c -> update(
                        c,
                        "UPDATE sweep_batches SET job_id = ?, submitted_at = ? WHERE sweep_id = ? AND batch = ?",
                        array.value(),
                        Instant.now().toString(),
                        id,
                        batch));
            }

            @Override
            public void intermediate(int trial, java.util.SortedMap<Long, Double> values) throws IOException {
                recordIntermediate(id, trial, values);
            }

            @Override
            public void ended(Trial t, String attemptOutcome) throws IOException {
                String now = Instant.now().toString();
                write(c -> {
                    update(
                            c,
                            "UPDATE sweep_trials SET state = ?, value = ?, reason = ?, updated_at = ? WHERE sweep_id = ? AND number = ?",
                            t.state().name(),
                            t.value(),
                            t.reason() == null ? "" : t.reason(),
                            now,
                            id,
                            t.number());
                    update(
                            c,
                            "UPDATE sweep_attempts SET outcome = ?, at = ? WHERE sweep_id = ? AND number = ? AND attempt = ?",
                            attemptOutcome,
                            now,
                            id,
                            t.number(),
                            t.attempts());
                    return null;
                });
            }

            @Override
            public void started(Trial t, AttemptStarts attemptStarts) throws IOException {
                starts.record(id, t.number(), t.attempts(), attemptStarts);
            }
        };
    }

    // ------------------------------------------------------------------ SQL plumbing

    private <T> T read(Ledger.Work<T> work) throws IOException {
        return ledger.read(work);
    }

    private <T> T write(Ledger.Work<T> work) throws IOException {
        return ledger.write(work);
    }

    private static Object update(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            ps.executeUpdate();
        }
        return null;
    }

    private static void bind(PreparedStatement ps, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            Object a = args[i];
            if (a == null) ps.setNull(i + 1, Types.NULL);
            else if (a instanceof Integer n) ps.setInt(i + 1, n);
            else if (a instanceof Long n) ps.setLong(i + 1, n);
            else if (a instanceof Double d) ps.setDouble(i + 1, d);
            else ps.setString(i + 1, a.toString());
        }
    }

    private static String json(Map<String, Object> params) {
        try {
            return JSON.writeValueAsString(params);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write a point as JSON", e);
        }
    }

    private static Map<String, Object> params(String json) throws IOException {
        return JSON.readValue(json, new TypeReference<Map<String, Object>>() {});
    }
}
