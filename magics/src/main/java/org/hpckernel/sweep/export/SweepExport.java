package org.hpckernel.sweep.export;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.hpckernel.sweep.Study;
import org.hpckernel.sweep.SweepStore;
import org.hpckernel.sweep.Sweeps;

/** A recorded sweep as an {@link ExportedStudy}: its trials as the study has them, plus what the ledger adds. */
public final class SweepExport {

    private SweepExport() {}

    /** Sweep {@code id} written to {@code sqlite:///file.db} (relative to the current folder) as a study named like the sweep. */
    public static OptunaStudyExport.Result toOptuna(Sweeps sweeps, int id, String sqliteUrl) throws IOException {
        return toOptuna(sweeps, id, sqliteUrl, Path.of(""), null, false);
    }

    /** Sweep {@code id} of {@code sweeps} written to an Optuna storage; studyName null: the sweep's name. */
    public static OptunaStudyExport.Result toOptuna(
            Sweeps sweeps, int id, String sqliteUrl, Path base, String studyName, boolean overwrite)
            throws IOException {
        SqliteUrl storage = SqliteUrl.parse(sqliteUrl, base); // a bad URL is refused before the ledger is read
        SweepStore.SweepRecord r = sweeps.record(id);
        return OptunaStudyExport.write(
                of(r, sweeps.study(id), sweeps.store()), storage, studyName == null ? r.name() : studyName, overwrite);
    }

    public static ExportedStudy of(SweepStore.SweepRecord record, Study study, SweepStore store) throws IOException {
        Map<Integer, ExportedStudy.TrialTimes> times = new LinkedHashMap<>();
        store.trialTimes(record.id()).forEach((n, t) -> times.put(n, new ExportedStudy.TrialTimes(t.start(), t.end())));
        Map<String, Object> attrs = new LinkedHashMap<>();
        attrs.put("hpc_sweep_id", (long) record.id());
        attrs.put("hpc_sweep_name", record.name());
        attrs.put("hpc_sweep_dir", record.directory());
        attrs.put("metric", study.space().metricName());
        attrs.put("method", study.space().method());
        attrs.put("seed", record.definition().seed());
        return new ExportedStudy(
                record.name(),
                study.goal(),
                study.space(),
                study.trials(),
                store.intermediates(record.id()),
                times,
                attrs);
    }
}
