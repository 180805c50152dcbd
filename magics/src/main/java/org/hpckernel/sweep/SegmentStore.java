package org.hpckernel.sweep;

import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hpckernel.ledger.Ledger;

/**
 * Which sweeps are segments of one segmented sweep. Every segment is an ordinary sweep of its own
 * (trials, batches, folder, resume); this table only groups them, in cell order, with the budget they
 * share. The group's id is its first segment's sweep id.
 */
public final class SegmentStore {

    public static final String COMPONENT = "sweep_segments";

    private static final List<String> MIGRATIONS = List.of("""
            CREATE TABLE sweep_segments (sweep_id INTEGER PRIMARY KEY, group_id INTEGER NOT NULL, segment TEXT NOT NULL,
                position INTEGER NOT NULL, budget INTEGER NOT NULL);
            """);

    /** One segment: its sweep, its name and its place in the cell. */
    public record Member(int sweepId, String segment, int position) {}

    /** The segments of one segmented sweep, in cell order, and the parallelism they share. */
    public record Group(int id, int budget, List<Member> members) {

        public List<String> names() {
            return members.stream().map(Member::segment).toList();
        }
    }

    private final Ledger ledger;

    public SegmentStore(Ledger ledger) throws IOException {
        this.ledger = ledger;
        ledger.migrate(COMPONENT, MIGRATIONS);
    }

    public void add(int groupId, int sweepId, String segment, int position, int budget) throws IOException {
        ledger.write(c -> {
            try (PreparedStatement ps =
                    c.prepareStatement("INSERT INTO sweep_segments (sweep_id, group_id, segment, position, budget) "
                            + "VALUES (?, ?, ?, ?, ?)")) {
                ps.setInt(1, sweepId);
                ps.setInt(2, groupId);
                ps.setString(3, segment);
                ps.setInt(4, position);
                ps.setInt(5, budget);
                return ps.executeUpdate();
            }
        });
    }

    /** The group that sweep {@code id} belongs to (as a segment or as the group's id); empty for a plain sweep. */
    public Optional<Group> groupOf(int id) throws IOException {
        return ledger.read(c -> {
            List<Member> members = new ArrayList<>();
            int group = -1;
            int budget = 0;
            try (PreparedStatement ps = c.prepareStatement("SELECT sweep_id, segment, position, group_id, budget "
                    + "FROM sweep_segments WHERE group_id = (SELECT group_id FROM sweep_segments WHERE sweep_id = ?) "
                    + "ORDER BY position")) {
                ps.setInt(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        members.add(new Member(rs.getInt(1), rs.getString(2), rs.getInt(3)));
                        group = rs.getInt(4);
                        budget = rs.getInt(5);
                    }
                }
            }
            return members.isEmpty() ? Optional.empty() : Optional.of(new Group(group, budget, List.copyOf(members)));
        });
    }
}
