package org.hpckernel.ledger;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.sqlite.SQLiteConfig;

/**
 * The local record of jobs (and later sweeps), in SQLite, so nothing is lost when the kernel
 * restarts. WAL mode, a busy timeout and IMMEDIATE write transactions let several kernels use it
 * at once (even when they open a new file at the same moment). Secrets are never written.
 *
 * <p>Schema changes are ordered migrations per component ({@code jobs} here; {@code sweeps} and
 * others add theirs with {@link #migrate(String, List)}): step {@code i} runs once, in order, and
 * {@code schema_versions} records how far each component got.
 */
public final class Ledger implements AutoCloseable {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Ledger.class);

    private static final Duration BUSY_TIMEOUT = Duration.ofSeconds(10);

    /** The component of the tables below in {@code schema_versions}. */
    public static final String JOBS = "jobs";

    private static final List<String> MIGRATIONS = List.of(
            """
            CREATE TABLE profiles_used (name TEXT PRIMARY KEY, scheduler TEXT NOT NULL, host TEXT NOT NULL,
                first_used TEXT NOT NULL, last_used TEXT NOT NULL);
            CREATE TABLE submissions (token TEXT PRIMARY KEY, profile TEXT NOT NULL, job_dir TEXT NOT NULL,
                created_at TEXT NOT NULL, job_id TEXT);
            CREATE TABLE jobs (profile TEXT NOT NULL, job_id TEXT NOT NULL, name TEXT NOT NULL, job_dir TEXT NOT NULL,
                spec_json TEXT NOT NULL, script_sha256 TEXT NOT NULL, submitted_at TEXT NOT NULL,
                state TEXT NOT NULL, exit_code INTEGER, reason TEXT NOT NULL DEFAULT '', updated_at TEXT NOT NULL,
                PRIMARY KEY (profile, job_id));
            CREATE TABLE job_states (profile TEXT NOT NULL, job_id TEXT NOT NULL, state TEXT NOT NULL,
                reason TEXT NOT NULL, at TEXT NOT NULL);
            CREATE INDEX job_states_by_job ON job_states (profile, job_id);
            """,
            // a submission keeps what is needed to record its job when its answer comes later (reconcile);
            // a state remembers its evidence so an inference never overwrites what accounting said
            """
            ALTER TABLE submissions ADD COLUMN name TEXT;
            ALTER TABLE submissions ADD COLUMN spec_json TEXT;
            ALTER TABLE submissions ADD COLUMN script_sha256 TEXT;
            ALTER TABLE submissions ADD COLUMN outcome TEXT;
            ALTER TABLE submissions ADD COLUMN reason TEXT;
            ALTER TABLE jobs ADD COLUMN state_source TEXT NOT NULL DEFAULT 'QUEUE';
            UPDATE submissions SET outcome = 'submitted' WHERE job_id IS NOT NULL;
            """);

    private final Connection db;

    private Ledger(Connection db) {
        this.db = db;
    }

    /** The ledger in the user's data folder: $XDG_DATA_HOME/hpc-kernel/ledger.db (~/.local/share/...). */
    public static Path defaultPath() {
        String override = System.getenv("HPC_KERNEL_LEDGER");
        if (override != null && !override.isBlank()) {
            return Path.of(override);
        }
        String xdg = System.getenv("XDG_DATA_HOME");
        Path base = xdg != null && !xdg.isBlank()
                ? Path.of(xdg)
                : Path.of(System.getProperty("user.home"), ".local", "share");
        return base.resolve("hpc-kernel").resolve("ledger.db");
    }

    public static Ledger open(Path file) throws IOException {
        Path absolute = file.toAbsolutePath();
        Files.createDirectories(absolute.getParent());
        // Turning a new file to WAL and migrating it are not covered by SQLite's busy handler
        // (two kernels starting at once got SQLITE_BUSY or IOERR_DELETE_NOENT): take turns on a lock
        // file, across processes (file lock) and threads of this one (the monitor).
        synchronized (Ledger.class) {
            try (FileChannel lockFile = FileChannel.open(
                            absolute.resolveSibling(absolute.getFileName() + ".open-lock"),
                            StandardOpenOption.CREATE,
                            StandardOpenOption.WRITE);
                    FileLock ignored = lockFile.lock()) {
                SQLiteConfig config = new SQLiteConfig();
                config.setBusyTimeout((int) BUSY_TIMEOUT.toMillis());
                config.setJournalMode(SQLiteConfig.JournalMode.WAL);
                config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
                // A read that turns into a write inside a DEFERRED transaction fails at once with SQLITE_BUSY
                // when another connection wrote meanwhile; IMMEDIATE takes the write lock first and waits.
                config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
                Connection c = config.createConnection("jdbc:sqlite:" + absolute);
                Ledger ledger = new Ledger(c);
                try {
                    ledger.migrate(JOBS, MIGRATIONS);
                } catch (IOException e) {
                    ledger.close();
                    throw e;
                }
                return ledger;
            } catch (SQLException e) {
                throw new IOException(
                        "cannot open the ledger " + file + ": " + e.getMessage()
                                + " (is the disk full, or the file from a newer hpc-kernel?)",
                        e);
            }
        }
    }

    /**
     * Applies the steps of {@code component} that this file has not seen yet, in order, each step's
     * statements (separated by {@code ;}) in one transaction with its version. Safe to call from
     * several kernels at once: the IMMEDIATE transaction makes the second wait, then find nothing to do.
     * Steps are append-only: never edit or reorder a released one, add a new one.
     */
    public synchronized void migrate(String component, List<String> steps) throws IOException {
        try {
            inTransaction(() -> {
                try (Statement s = db.createStatement()) {
                    s.execute(
                            "CREATE TABLE IF NOT EXISTS schema_versions (component TEXT PRIMARY KEY, version INTEGER NOT NULL)");
                    int version = version(s, component);
                    if (version > steps.size()) {
                        throw new SQLException("the ledger's " + component + " tables are at version " + version
                                + ", newer than this hpc-kernel knows (" + steps.size() + "): update hpc-kernel");
                    }
                    for (int i = version; i < steps.size(); i++) {
                        for (String statement : steps.get(i).split(";")) {
                            if (!statement.isBlank()) {
                                s.execute(statement);
                            }
                        }
                    }
                    if (steps.size() > version) {
                        try (PreparedStatement ps =
                                db.prepareStatement("INSERT INTO schema_versions (component, version) VALUES (?, ?) "
                                        + "ON CONFLICT(component) DO UPDATE SET version = excluded.version")) {
                            ps.setString(1, component);
                            ps.setInt(2, steps.size());
                            ps.executeUpdate();
                        }
                    }
                }
                return null;
            });
        } catch (SQLException e) {
            throw new IOException("cannot update the ledger's " + component + " tables: " + e.getMessage(), e);
        }
    }

    /** How far {@code component} got; for files written before per-component versions, the old single counter. */
    private static int version(Statement s, String component) throws SQLException {
        try (ResultSet rs = s.executeQuery(
                "SELECT version FROM schema_versions WHERE component = '" + component.replace("'", "''") + "'")) {
            if (rs.next()) {
                return rs.getInt(1);
            }
        }
        if (JOBS.equals(component)) {
            try (ResultSet old =
                    s.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'")) {
                if (!old.next()) {
                    return 0;
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT MAX(version) FROM schema_version")) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        }
        return 0;
    }

    /** The schema version of a component in this file (0 when it has none yet). */
    public synchronized int schemaVersion(String component) throws IOException {
        try (Statement s = db.createStatement()) {
            return version(s, component);
        } catch (SQLException e) {
            throw new IOException("ledger read failed: " + e.getMessage(), e);
        }
    }

    /** A component's own work on its own tables (sweeps, trials), on the ledger's connection. */
    public interface Work<T> {
        T run(Connection db) throws SQLException, IOException;
    }

    /** Reads under the ledger's lock (the one connection is shared by every thread). */
    public synchronized <T> T read(Work<T> work) throws IOException {
        try {
            return work.run(db);
        } catch (SQLException e) {
            throw new IOException("ledger read failed: " + e.getMessage(), e);
        }
    }

    /** Writes in one IMMEDIATE transaction under the ledger's lock: all of it lands, or none. */
    public synchronized <T> T write(Work<T> work) throws IOException {
        try {
            return inTransaction(() -> work.run(db));
        } catch (SQLException e) {
            throw new IOException("ledger write failed: " + e.getMessage(), e);
        }
    }

    private interface SqlWork<T> {
        T run() throws SQLException, IOException;
    }

    private <T> T inTransaction(SqlWork<T> work) throws SQLException, IOException {
        db.setAutoCommit(false);
        try {
            T result = work.run();
            db.commit();
            return result;
        } catch (SQLException | IOException | RuntimeException e) {
            db.rollback();
            throw e;
        } finally {
            db.setAutoCommit(true);
        }
    }

    public synchronized void profileUsed(String name, String scheduler, String host) throws IOException {
        update(
                "INSERT INTO profiles_used (name, scheduler, host, first_used, last_used) VALUES (?, ?, ?, ?, ?) "
                        + "ON CONFLICT(name) DO UPDATE SET scheduler = excluded.scheduler, host = excluded.host, last_used = excluded.last_used",
                name,
                scheduler,
                host,
                now(),
                now());
    }

    /** Recorded before the scheduler is called, so a submission cut short can be found again. */
    public synchronized void submissionStarted(String token, String profile, String jobDirectory) throws IOException {
        update(
                "INSERT OR IGNORE INTO submissions (token, profile, job_dir, created_at) VALUES (?, ?, ?, ?)",
                token,
                profile,
                jobDirectory,
                now());
    }

    /**
     * Recorded before the scheduler is called, with what is needed to record the job if the answer
     * only comes later (the kernel killed, the connection cut, the scheduler timed out).
     */
    public synchronized void submissionStarted(
            String token, String profile, String jobDirectory, String name, String specJson, String scriptSha256)
            throws IOException {
        update(
                "INSERT OR IGNORE INTO submissions (token, profile, job_dir, created_at, name, spec_json, script_sha256) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?)",
                token,
                profile,
                jobDirectory,
                now(),
                name,
                specJson,
                scriptSha256);
        // a refused submission resumed into the same folder (a sweep batch) is open again
        update(
                "UPDATE submissions SET outcome = NULL, reason = NULL WHERE token = ? AND outcome = 'not_submitted'",
                token);
    }

    /** A submission that made no job (refused, or never reached the scheduler). */
    public synchronized void notSubmitted(String token, String reason) throws IOException {
        update(
                "UPDATE submissions SET outcome = 'not_submitted', reason = ? WHERE token = ? AND outcome IS NULL",
                reason,
                token);
    }

    /** A submission still waiting for its answer. */
    public record OpenSubmission(
            String token,
            String profile,
            String jobDirectory,
            String name,
            String specJson,
            String scriptSha256,
            Instant createdAt) {}

    /** Submissions of a profile whose outcome is not recorded yet, oldest first. */
    public synchronized List<OpenSubmission> openSubmissions(String profile) throws IOException {
        try (PreparedStatement ps = db.prepareStatement(
                "SELECT token, profile, job_dir, name, spec_json, script_sha256, created_at "
                        + "FROM submissions WHERE profile = ? AND outcome IS NULL AND job_id IS NULL ORDER BY created_at")) {
            ps.setString(1, profile);
            List<OpenSubmission> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new OpenSubmission(
                            rs.getString(1),
                            rs.getString(2),
                            rs.getString(3),
                            rs.getString(4),
                            rs.getString(5),
                            rs.getString(6),
                            Instant.parse(rs.getString(7))));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IOException("ledger read failed: " + e.getMessage(), e);
        }
    }

    /** The newest submission of a profile: its outcome ({@code submitted}, {@code not_submitted}, or null while open) and reason. */
    public synchronized Optional<String[]> lastSubmission(String profile) throws IOException {
        try (PreparedStatement ps =
                db.prepareStatement("SELECT outcome, reason, job_id, created_at FROM submissions WHERE profile = ? "
                        + "ORDER BY created_at DESC, rowid DESC LIMIT 1")) {
            ps.setString(1, profile);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next()
                        ? Optional.of(new String[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)})
                        : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IOException("ledger read failed: " + e.getMessage(), e);
        }
    }

    public synchronized void submitted(
            String token,
            String profile,
            String jobId,
            String name,
            String jobDirectory,
            String specJson,
            String scriptSha256)
            throws IOException {
        try {
            inTransaction(() -> {
                String now = now();
                if (job(profile, jobId).isPresent()) {
                    update("UPDATE submissions SET job_id = ?, outcome = 'submitted' WHERE token = ?", jobId, token);
                    return null; // recorded already (by a reconcile, or another kernel)
                }
                update("UPDATE submissions SET job_id = ?, outcome = 'submitted' WHERE token = ?", jobId, token);
                update(
                        "INSERT OR REPLACE INTO jobs (profile, job_id, name, job_dir, spec_json, script_sha256, submitted_at, state, reason, updated_at) "
                                + "VALUES (?, ?, ?, ?, ?, ?, ?, 'PENDING', '', ?)",
                        profile,
                        jobId,
                        name,
                        jobDirectory,
                        specJson,
                        scriptSha256,
                        now,
                        now);
                update(
                        "INSERT INTO job_states (profile, job_id, state, reason, at) VALUES (?, ?, 'PENDING', 'submitted', ?)",
                        profile,
                        jobId,
                        now);
                return null;
            });
        } catch (SQLException e) {
            throw new IOException("ledger write failed: " + e.getMessage(), e);
        }
    }

    /** Records a state when it changed; the history keeps every change with its time. */
    public synchronized void stateSeen(
            String profile, String jobId, String state, Optional<Integer> exitCode, String reason) throws IOException {
        stateSeen(profile, jobId, state, exitCode, reason, "QUEUE");
    }

    /**
     * Records a state with its evidence ({@code QUEUE}, {@code ACCOUNTING}, {@code EXIT_FILE}): a
     * final state the scheduler gave is never overwritten by one inferred from an exit file.
     */
    public synchronized void stateSeen(
            String profile, String jobId, String state, Optional<Integer> exitCode, String reason, String source)
            throws IOException {
        try {
            // read and write in one IMMEDIATE transaction: two kernels polling the same job add one history row, not
            // two
            inTransaction(() -> {
                Optional<JobRecord> known = job(profile, jobId);
                if (known.isEmpty()) {
                    return null;
                }
                boolean sameState = known.get().state().equals(state)
                        && known.get().exitCode().equals(exitCode);
                boolean inferred = "EXIT_FILE".equals(source);
                boolean knownFromScheduler = !"EXIT_FILE".equals(known.get().stateSource())
                        && isFinal(known.get().state());
                if ((inferred && knownFromScheduler)
                        || (sameState && known.get().stateSource().equals(source))) {
                    return null;
                }
                String now = now();
                update(
                        "UPDATE jobs SET state = ?, exit_code = ?, reason = ?, updated_at = ?, state_source = ? WHERE profile = ? AND job_id = ?",
                        state,
                        exitCode.orElse(null),
                        reason,
                        now,
                        source,
                        profile,
                        jobId);
                if (sameState) {
                    return null; // the same state, now confirmed by better evidence
                }
                update(
                        "INSERT INTO job_states (profile, job_id, state, reason, at) VALUES (?, ?, ?, ?, ?)",
                        profile,
                        jobId,
                        state,
                        reason,
                        now);
                return null;
            });
        } catch (SQLException e) {
            throw new IOException("ledger write failed: " + e.getMessage(), e);
        }
    }

    public synchronized Optional<JobRecord> job(String profile, String jobId) throws IOException {
        List<JobRecord> found = query("SELECT * FROM jobs WHERE profile = ? AND job_id = ?", profile, jobId);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    /** Jobs of one profile (or all when null), newest first. */
    public synchronized List<JobRecord> jobs(String profile) throws IOException {
        return profile == null
                ? query("SELECT * FROM jobs ORDER BY submitted_at DESC, rowid DESC")
                : query("SELECT * FROM jobs WHERE profile = ? ORDER BY submitted_at DESC, rowid DESC", profile);
    }

    public synchronized List<String[]> history(String profile, String jobId) throws IOException {
        try (PreparedStatement ps = db.prepareStatement(
                "SELECT state, reason, at FROM job_states WHERE profile = ? AND job_id = ? ORDER BY rowid")) {
            ps.setString(1, profile);
            ps.setString(2, jobId);
            List<String[]> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3)});
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IOException("ledger read failed: " + e.getMessage(), e);
        }
    }

    private static boolean isFinal(String state) {
        return !state.equals("PENDING") && !state.equals("RUNNING") && !state.equals("UNKNOWN");
    }

    private List<JobRecord> query(String sql, Object... args) throws IOException {
        try (PreparedStatement ps = db.prepareStatement(sql)) {
            bind(ps, args);
            List<JobRecord> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    int code = rs.getInt("exit_code");
                    Optional<Integer> exit = rs.wasNull() ? Optional.empty() : Optional.of(code);
                    out.add(new JobRecord(
                            rs.getString("profile"),
                            rs.getString("job_id"),
                            rs.getString("name"),
                            rs.getString("job_dir"),
                            Instant.parse(rs.getString("submitted_at")),
                            rs.getString("state"),
                            exit,
                            rs.getString("reason"),
                            rs.getString("spec_json"),
                            rs.getString("state_source"),
                            Instant.parse(rs.getString("updated_at"))));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IOException("ledger read failed: " + e.getMessage(), e);
        }
    }

    private void update(String sql, Object... args) throws IOException {
        try (PreparedStatement ps = db.prepareStatement(sql)) {
            bind(ps, args);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IOException("ledger write failed: " + e.getMessage(), e);
        }
    }

    private static void bind(PreparedStatement ps, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            ps.setObject(i + 1, args[i]);
        }
    }

    private static String now() {
        return Instant.now().toString();
    }

    @Override
    public synchronized void close() {
        try {
            db.close();
        } catch (SQLException atShutdown) {
            LOG.debug("closing the ledger", atShutdown);
        }
    }
}
