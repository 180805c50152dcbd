package org.hpckernel.sweep.export;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import org.hpckernel.sweep.Goal;
import org.hpckernel.sweep.Param;
import org.hpckernel.sweep.PyValue;
import org.hpckernel.sweep.Trial;

/**
 * Writes a study into an SQLite file in Optuna's RDB schema, so that {@code optuna.load_study} opens it and
 * {@code optuna.visualization} plots it. The schema is Optuna 3.0-3.1's (alembic head {@code v3.0.0.d}, the
 * tables {@code models.BaseModel.metadata.create_all} makes on SQLite, {@code version_info} schema 12), as
 * read in Debian's optuna 3.1.0 ({@code optuna/storages/_rdb/models.py}, {@code storage.py}); Optuna 3.2 and
 * later (up to 4.9 and 5.0-rc1) add one index ({@code v3.2.0.a}) and refuse an older file until
 * {@code optuna storage upgrade --storage URL} adds it. A file at either version can take more studies.
 *
 * <p>What Optuna's own code would store: states by name (FAILED is Optuna's FAIL), values with their
 * FINITE/INF_POS/INF_NEG type, a PRUNED trial's value (ours, else its last intermediate value, as
 * {@code study.tell} does), categorical values as the index of the choice, datetimes as local naive time
 * ({@code datetime.now()}), a trial's parameters only where the trial has them (inactive conditional ones
 * are absent, as a trial that never suggested them).
 */
public final class OptunaStudyExport {

    /** The alembic revision Optuna 3.0-3.1 expects; 3.2+ expects {@link #OPTUNA_3_2}. */
    public static final String OPTUNA_3_1 = "v3.0.0.d";

    public static final String OPTUNA_3_2 = "v3.2.0.a";

    private static final Set<String> WRITABLE = Set.of(OPTUNA_3_1, OPTUNA_3_2);
    private static final DateTimeFormatter SQLALCHEMY_DATETIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");

    private static final List<String> SCHEMA = List.of(
            "CREATE TABLE studies (study_id INTEGER NOT NULL, study_name VARCHAR(512) NOT NULL, "
                    + "PRIMARY KEY (study_id))",
            "CREATE UNIQUE INDEX ix_studies_study_name ON studies (study_name)",
            "CREATE TABLE version_info (version_info_id INTEGER NOT NULL, schema_version INTEGER, "
                    + "library_version VARCHAR(256), PRIMARY KEY (version_info_id), CHECK (version_info_id=1))",
            "CREATE TABLE study_directions (study_direction_id INTEGER NOT NULL, direction VARCHAR(8) NOT NULL, "
                    + "study_id INTEGER NOT NULL, objective INTEGER NOT NULL, PRIMARY KEY (study_direction_id), "
                    + "UNIQUE (study_id, objective), FOREIGN KEY(study_id) REFERENCES studies (study_id))",
            attributes("study_user_attributes", "study_user_attribute_id", "study_id", "studies"),
            attributes("study_system_attributes", "study_system_attribute_id", "study_id", "studies"),
            "CREATE TABLE trials (trial_id INTEGER NOT NULL, number INTEGER, study_id INTEGER, "
                    + "state VARCHAR(8) NOT NULL, datetime_start DATETIME, datetime_complete DATETIME, "
                    + "PRIMARY KEY (trial_id), FOREIGN KEY(study_id) REFERENCES studies (study_id))",
            attributes("trial_user_attributes", "trial_user_attribute_id", "trial_id", "trials"),
            attributes("trial_system_attributes", "trial_system_attribute_id", "trial_id", "trials"),
            "CREATE TABLE trial_params (param_id INTEGER NOT NULL, trial_id INTEGER, param_name VARCHAR(512), "
                    + "param_value FLOAT, distribution_json TEXT, PRIMARY KEY (param_id), "
                    + "UNIQUE (trial_id, param_name), FOREIGN KEY(trial_id) REFERENCES trials (trial_id))",
            "CREATE TABLE trial_values (trial_value_id INTEGER NOT NULL, trial_id INTEGER NOT NULL, "
                    + "objective INTEGER NOT NULL, value FLOAT, value_type VARCHAR(7) NOT NULL, "
                    + "PRIMARY KEY (trial_value_id), UNIQUE (trial_id, objective), "
                    + "FOREIGN KEY(trial_id) REFERENCES trials (trial_id))",
            "CREATE TABLE trial_intermediate_values (trial_intermediate_value_id INTEGER NOT NULL, "
                    + "trial_id INTEGER NOT NULL, step INTEGER NOT NULL, intermediate_value FLOAT, "
                    + "intermediate_value_type VARCHAR(7) NOT NULL, PRIMARY KEY (trial_intermediate_value_id), "
                    + "UNIQUE (trial_id, step), FOREIGN KEY(trial_id) REFERENCES trials (trial_id))",
            "CREATE TABLE trial_heartbeats (trial_heartbeat_id INTEGER NOT NULL, trial_id INTEGER NOT NULL, "
                    + "heartbeat DATETIME NOT NULL, PRIMARY KEY (trial_heartbeat_id), UNIQUE (trial_id), "
                    + "FOREIGN KEY(trial_id) REFERENCES trials (trial_id))",
            "CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL, "
                    + "CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num))",
            // models.SCHEMA_VERSION (frozen at 12 since alembic took over) and the library the schema is from
            "INSERT INTO version_info (version_info_id, schema_version, library_version) VALUES (1, 12, '3.1.0')",
            "INSERT INTO alembic_version (version_num) VALUES ('" + OPTUNA_3_1 + "')");

    /** What was written, and what the mapping had to give up (one line per parameter concerned). */
    public record Result(SqliteUrl storage, String studyName, int trials, List<String> notes) {
        /** The Python that opens it. */
        public String howToOpen() {
            return "optuna.load_study(study_name=" + PyValue.repr(studyName) + ", storage="
                    + PyValue.repr(storage.url()) + ")";
        }
    }

    private OptunaStudyExport() {}

    /**
     * Writes {@code study} as study {@code studyName} into {@code storage}, creating the file if needed. Refused,
     * with nothing written, when the file is not an Optuna storage at a version listed above, or already holds a
     * study of that name (unless {@code overwrite}: then that study alone is replaced, in the same transaction).
     */
    public static Result write(ExportedStudy study, SqliteUrl storage, String studyName, boolean overwrite)
            throws IOException {
        if (studyName == null || studyName.isBlank()) {
            throw new IllegalArgumentException("the study name is empty: give one (--study-name)");
        }
        Map<String, OptunaDistribution> distributions = distributions(study);
        Path file = storage.file();
        boolean existed = Files.exists(file) && Files.size(file) > 0;
        if (!existed && file.getParent() != null && !Files.isDirectory(file.getParent())) {
            throw new IllegalArgumentException(
                    "cannot write " + file + ": the folder " + file.getParent() + " does not exist");
        }
        boolean written = false;
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            c.setAutoCommit(false);
            try {
                if (existed) {
                    checkOptunaStorage(c, file);
                    Integer old = studyId(c, studyName);
                    if (old != null && !overwrite) {
                        throw new IllegalArgumentException(file + " already holds a study named '" + studyName
                                + "': give another --study-name, another file, or --overwrite to replace "
                                + "that study (the file's "
                                + "other studies stay)");
                    }
                    if (old != null) {
                        deleteStudy(c, old);
                    }
                } else {
                    try (Statement s = c.createStatement()) {
                        for (String sql : SCHEMA) {
                            s.execute(sql);
                        }
                    }
                }
                int trials = insertStudy(c, study, studyName, distributions);
                c.commit();
                written = true;
                List<String> notes = distributions.values().stream()
                        .map(OptunaDistribution::note)
                        .filter(java.util.Objects::nonNull)
                        .toList();
                return new Result(storage, studyName, trials, notes);
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IOException("cannot write the Optuna study to " + file + ": " + e.getMessage(), e);
        } finally {
            if (!existed && !written) {
                Files.deleteIfExists(file); // a half-made storage would be refused by Optuna and by a second export
            }
        }
    }

    /** One distribution per parameter any trial has, in the space's order, then unknown names as first seen. */
    static Map<String, OptunaDistribution> distributions(ExportedStudy study) {
        Map<String, List<Object>> values = new LinkedHashMap<>();
        for (Param p : study.space().params()) {
            values.put(p.name(), new ArrayList<>());
        }
        for (Trial t : study.trials()) {
            t.params()
                    .forEach((k, v) ->
                            values.computeIfAbsent(k, n -> new ArrayList<>()).add(v));
        }
        Map<String, OptunaDistribution> out = new LinkedHashMap<>();
        values.forEach((name, vs) -> {
            if (!vs.isEmpty()) {
                // a numeric parameter holding other values (a ledger written under another definition)
                // keeps them as choices
                out.put(
                        name,
                        study.space()
                                .param(name)
                                .filter(p -> !isNumeric(p) || allNumbers(vs))
                                .map(p -> OptunaDistribution.of(p, vs))
                                .orElseGet(() -> OptunaDistribution.observed(name, vs)));
            }
        });
        return out;
    }

    private static boolean isNumeric(Param p) {
        return p instanceof Param.Real || p instanceof Param.Int || p instanceof Param.Normal;
    }

    private static boolean allNumbers(List<Object> values) {
        return values.stream().allMatch(v -> v instanceof Number);
    }

    private static void checkOptunaStorage(Connection c, Path file) throws SQLException {
        String version = null;
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT version_num FROM alembic_version")) {
            if (rs.next()) {
                version = rs.getString(1);
            }
        } catch (SQLException e) {
            throw new IllegalArgumentException(file + " exists and is not an Optuna storage (" + e.getMessage()
                    + "): give a new file name; nothing was written to it");
        }
        if (!WRITABLE.contains(version)) {
            throw new IllegalArgumentException(file + " is an Optuna storage at schema " + version
                    + "; this export writes " + OPTUNA_3_1 + " (Optuna 3.0-3.1) or adds to " + OPTUNA_3_2
                    + " (Optuna 3.2 and later): give a new file name");
        }
    }

    private static Integer studyId(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT study_id FROM studies WHERE study_name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getInt(1) : null;
            }
        }
    }

    /** What Optuna's delete_study cascades to: the study's trials and everything hanging off them and it. */
    private static void deleteStudy(Connection c, int id) throws SQLException {
        String trialsOf = "(SELECT trial_id FROM trials WHERE study_id = ?)";
        for (String table : List.of(
                "trial_params",
                "trial_values",
                "trial_intermediate_values",
                "trial_user_attributes",
                "trial_system_attributes",
                "trial_heartbeats")) {
            update(c, "DELETE FROM " + table + " WHERE trial_id IN " + trialsOf, id);
        }
        for (String table :
                List.of("trials", "study_directions", "study_user_attributes", "study_system_attributes", "studies")) {
            update(c, "DELETE FROM " + table + " WHERE study_id = ?", id);
        }
    }

    private static int insertStudy(
            Connection c, ExportedStudy study, String name, Map<String, OptunaDistribution> distributions)
            throws SQLException {
        int studyId = insert(c, "INSERT INTO studies (study_name) VALUES (?)", name);
        update(
                c,
                "INSERT INTO study_directions (direction, study_id, objective) VALUES (?, ?, 0)",
                study.goal() == Goal.MAXIMIZE ? "MAXIMIZE" : "MINIMIZE",
                studyId);
        Map<String, Object> attrs = new LinkedHashMap<>(study.userAttrs());
        Map<String, Object> priors = normalPriors(study, distributions);
        if (!priors.isEmpty()) {
            attrs.put("normal_priors", priors);
        }
        for (var e : attrs.entrySet()) {
            update(
                    c,
                    "INSERT INTO study_user_attributes (study_id, \"key\", value_json) VALUES (?, ?, ?)",
                    studyId,
                    e.getKey(),
                    PyValue.jsonDumps(e.getValue()));
        }
        for (Trial t : study.trials()) {
            insertTrial(c, studyId, t, study, distributions);
        }
        return study.trials().size();
    }

    private static void insertTrial(
            Connection c, int studyId, Trial t, ExportedStudy study, Map<String, OptunaDistribution> distributions)
            throws SQLException {
        ExportedStudy.TrialTimes times = study.times().get(t.number());
        boolean finished = t.state() != org.hpckernel.sweep.TrialState.RUNNING;
        int trialId = insert(
                c,
                "INSERT INTO trials (number, study_id, state, datetime_start, datetime_complete) VALUES (?, ?, ?, ?, "
                        + "?)",
                t.number(),
                studyId,
                optunaState(t),
                times == null ? null : datetime(times.start()),
                times == null || !finished ? null : datetime(times.end()));
        for (var e : t.params().entrySet()) {
            OptunaDistribution d = distributions.get(e.getKey());
            double internal;
            try {
                internal = d.internal(e.getValue());
            } catch (IllegalStateException ex) {
                throw new IllegalStateException(
                        "trial " + t.number() + ", parameter '" + e.getKey() + "': " + ex.getMessage(), ex);
            }
            update(
                    c,
                    "INSERT INTO trial_params (trial_id, param_name, param_value, distribution_json) VALUES (?, ?, "
                            + "?, ?)",
                    trialId,
                    e.getKey(),
                    internal,
                    d.json());
        }
        SortedMap<Long, Double> steps = study.intermediates().getOrDefault(t.number(), new java.util.TreeMap<>());
        Double value = value(t, steps);
        if (value != null) {
            update(
                    c,
                    "INSERT INTO trial_values (trial_id, objective, value, value_type) VALUES (?, 0, ?, ?)",
                    trialId,
                    Double.isInfinite(value) ? null : value,
                    valueType(value));
        }
        for (var e : steps.entrySet()) {
            double v = e.getValue();
            update(
                    c,
                    "INSERT INTO trial_intermediate_values (trial_id, step, intermediate_value, "
                            + "intermediate_value_type) "
                            + "VALUES (?, ?, ?, ?)",
                    trialId,
                    e.getKey(),
                    Double.isNaN(v) || Double.isInfinite(v) ? null : v,
                    Double.isNaN(v) ? "NAN" : valueType(v));
        }
        if (t.reason() != null && !t.reason().isEmpty()) {
            update(
                    c,
                    "INSERT INTO trial_user_attributes (trial_id, \"key\", value_json) VALUES (?, 'reason', ?)",
                    trialId,
                    PyValue.jsonDumps(t.reason()));
        }
        update(
                c,
                "INSERT INTO trial_user_attributes (trial_id, \"key\", value_json) VALUES (?, 'attempts', ?)",
                trialId,
                PyValue.jsonDumps((long) t.attempts()));
    }

    private static String optunaState(Trial t) {
        return switch (t.state()) {
            case RUNNING -> "RUNNING";
            case COMPLETE -> "COMPLETE";
            case PRUNED -> "PRUNED";
            case FAILED -> "FAIL";
        };
    }

    /**
     * The trial's objective as Optuna would hold it: a COMPLETE trial's (the worst loss of one that ran out of
     * retries included); a PRUNED trial's, else its last intermediate value unless that is NaN (study._tell);
     * none for FAIL and RUNNING.
     */
    static Double value(Trial t, SortedMap<Long, Double> steps) {
        return switch (t.state()) {
            case COMPLETE -> {
                if (t.value() == null || t.value().isNaN()) {
                    throw new IllegalStateException(
                            "trial " + t.number() + " is COMPLETE without a value; Optuna needs one");
                }
                yield t.value();
            }
            case PRUNED -> {
                Double v = t.value() != null ? t.value() : steps.isEmpty() ? null : steps.get(steps.lastKey());
                yield v == null || v.isNaN() ? null : v;
            }
            case FAILED, RUNNING -> null;
        };
    }

    private static String valueType(double v) {
        return v == Double.POSITIVE_INFINITY ? "INF_POS" : v == Double.NEGATIVE_INFINITY ? "INF_NEG" : "FINITE";
    }

    private static Map<String, Object> normalPriors(
            ExportedStudy study, Map<String, OptunaDistribution> distributions) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Param p : study.space().params()) {
            if (p instanceof Param.Normal n && distributions.containsKey(n.name())) {
                Map<String, Object> prior = new LinkedHashMap<>();
                prior.put("mu", n.mu());
                prior.put("sigma", n.sigma());
                prior.put("log", n.log());
                prior.put("q", n.q());
                out.put(n.name(), prior);
            }
        }
        return out;
    }

    /** SQLAlchemy's DateTime text on SQLite for Optuna's naive local datetime.now(). */
    private static String datetime(Instant at) {
        return at == null
                ? null
                : LocalDateTime.ofInstant(at, ZoneId.systemDefault()).format(SQLALCHEMY_DATETIME);
    }

    private static String attributes(String table, String id, String owner, String ownerTable) {
        return "CREATE TABLE " + table + " (" + id + " INTEGER NOT NULL, " + owner
                + " INTEGER, \"key\" VARCHAR(512), value_json TEXT, "
                + "PRIMARY KEY (" + id + "), UNIQUE (" + owner + ", \"key\"), FOREIGN KEY(" + owner + ") REFERENCES "
                + ownerTable
                + " (" + owner + "))";
    }

    private static int insert(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)) {
            bind(ps, args);
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return keys.getInt(1);
            }
        }
    }

    private static void update(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            ps.executeUpdate();
        }
    }

    private static void bind(PreparedStatement ps, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            Object a = args[i];
            if (a == null) {
                ps.setNull(i + 1, Types.NULL);
            } else if (a instanceof Integer n) {
                ps.setInt(i + 1, n);
            } else if (a instanceof Long n) {
                ps.setLong(i + 1, n);
            } else if (a instanceof Double d) {
                ps.setDouble(i + 1, d);
            } else {
                ps.setString(i + 1, a.toString());
            }
        }
    }
}
