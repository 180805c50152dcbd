package org.hpckernel.sweep;

import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.hpckernel.ledger.Ledger;

/**
 * The ledger's record of how each ended attempt of a sweep's trials started ({@link AttemptStarts}):
 * its own component, so its table evolves apart from the sweep tables.
 */
public final class AttemptStartStore {

    public static final String COMPONENT = "sweep_attempt_starts";

    private static final List<String> MIGRATIONS = List.of("""
            CREATE TABLE sweep_attempt_starts (sweep_id INTEGER NOT NULL, number INTEGER NOT NULL,
                attempt INTEGER NOT NULL, starts TEXT NOT NULL, PRIMARY KEY (sweep_id, number, attempt));
            """);

    /** Attempt {@code attempt} of trial {@code number} and its starts. */
    public record Stored(int number, int attempt, AttemptStarts starts) {}

    private final Ledger ledger;

    public AttemptStartStore(Ledger ledger) throws IOException {
        this.ledger = ledger;
        ledger.migrate(COMPONENT, MIGRATIONS);
    }

    public void record(int sweepId, int number, int attempt, AttemptStarts starts) throws IOException {
        ledger.write(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT OR REPLACE INTO sweep_attempt_starts (sweep_id, number, attempt, starts) "
                            + "VALUES (?, ?, ?, ?)")) {
                ps.setInt(1, sweepId);
                ps.setInt(2, number);
                ps.setInt(3, attempt);
                ps.setString(4, starts.words());
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** By trial, then attempt. */
    public List<Stored> of(int sweepId) throws IOException {
        return ledger.read(c -> {
            List<Stored> out = new ArrayList<>();
            try (PreparedStatement ps =
                    c.prepareStatement("SELECT number, attempt, starts FROM sweep_attempt_starts WHERE sweep_id = ? "
                            + "ORDER BY number, attempt")) {
                ps.setInt(1, sweepId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Stored(rs.getInt(1), rs.getInt(2), AttemptStarts.ofWords(rs.getString(3))));
                    }
                }
            }
            return out;
        });
    }
}
