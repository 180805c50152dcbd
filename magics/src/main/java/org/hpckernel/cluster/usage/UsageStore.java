package org.hpckernel.cluster.usage;

import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Types;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hpckernel.cluster.JobId;
import org.hpckernel.ledger.Ledger;

/**
 * What ended jobs used, kept in the ledger once accounting said it ({@code usage} tables), so a cost
 * report asks the scheduler only about jobs it has not answered for yet: an ended job's usage does
 * not change, and accounting may forget it (Slurm purges, Grid Engine rotates its file).
 */
public final class UsageStore {

    public static final String COMPONENT = "usage";

    private static final List<String> MIGRATIONS = List.of("""
            CREATE TABLE job_usage (profile TEXT NOT NULL, job_id TEXT NOT NULL, task_id TEXT NOT NULL, state TEXT NOT NULL,
                elapsed_ms INTEGER NOT NULL, limit_ms INTEGER, cpus INTEGER NOT NULL, cpu_ms INTEGER, peak_bytes INTEGER,
                request_bytes INTEGER, gpus INTEGER NOT NULL, nodes INTEGER NOT NULL, memory_kind TEXT NOT NULL,
                partition TEXT NOT NULL, note TEXT NOT NULL, recorded_at TEXT NOT NULL, PRIMARY KEY (profile, task_id));
            CREATE INDEX job_usage_by_job ON job_usage (profile, job_id);
            """);

    private final Ledger ledger;

    public UsageStore(Ledger ledger) throws IOException {
        this.ledger = ledger;
        ledger.migrate(COMPONENT, MIGRATIONS);
    }

    /** Keeps what {@code job} (its tasks, for an array) used. */
    public void save(String profile, String job, List<JobUsage> used) throws IOException {
        ledger.write(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT OR REPLACE INTO job_usage VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (JobUsage u : used) {
                    ps.setString(1, profile);
                    ps.setString(2, job);
                    ps.setString(3, u.id().value());
                    ps.setString(4, u.state());
                    ps.setLong(5, u.elapsed().toMillis());
                    setLong(ps, 6, u.timeLimit().map(Duration::toMillis));
                    ps.setInt(7, u.cpus());
                    setLong(ps, 8, u.cpuTime().map(Duration::toMillis));
                    setLong(ps, 9, u.peakMemory());
                    setLong(ps, 10, u.memoryRequest());
                    ps.setInt(11, u.gpus());
                    ps.setInt(12, u.nodes());
                    ps.setString(13, u.memoryKind());
                    ps.setString(14, u.partition());
                    ps.setString(15, u.note());
                    ps.setString(16, java.time.Instant.now().toString());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    /** What each job of {@code profile} used, by the ledger's job id (an array's tasks under the array). */
    public Map<String, List<JobUsage>> load(String profile) throws IOException {
        return ledger.read(c -> {
            Map<String, List<JobUsage>> out = new LinkedHashMap<>();
            try (PreparedStatement ps =
                    c.prepareStatement("SELECT * FROM job_usage WHERE profile = ? ORDER BY job_id, task_id")) {
                ps.setString(1, profile);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        JobUsage u = new JobUsage(
                                JobId.of(rs.getString("task_id")),
                                rs.getString("state"),
                                Duration.ofMillis(rs.getLong("elapsed_ms")),
                                optionalLong(rs, "limit_ms").map(Duration::ofMillis),
                                rs.getInt("cpus"),
                                optionalLong(rs, "cpu_ms").map(Duration::ofMillis),
                                optionalLong(rs, "peak_bytes"),
                                optionalLong(rs, "request_bytes"),
                                rs.getInt("gpus"),
                                rs.getInt("nodes"),
                                rs.getString("memory_kind"),
                                rs.getString("partition"),
                                rs.getString("note"));
                        out.computeIfAbsent(rs.getString("job_id"), k -> new java.util.ArrayList<>())
                                .add(u);
                    }
                }
            }
            return out;
        });
    }

    private static void setLong(PreparedStatement ps, int i, Optional<Long> v) throws java.sql.SQLException {
        if (v.isPresent()) {
            ps.setLong(i, v.get());
        } else {
            ps.setNull(i, Types.INTEGER);
        }
    }

    private static Optional<Long> optionalLong(ResultSet rs, String column) throws java.sql.SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? Optional.empty() : Optional.of(v);
    }
}
