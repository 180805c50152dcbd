package org.hpckernel.magic.hpc;

import java.util.Map;
import org.hpckernel.cluster.ChainStatus;
import org.hpckernel.cluster.Cluster;
import org.hpckernel.cluster.FailureExplainer;
import org.hpckernel.cluster.JobId;
import org.hpckernel.cluster.JobState;
import org.hpckernel.cluster.JobStatus;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** Job states as a table: one row per job (and array task), with the reason and what to do. */
public final class StatusTable {

    private StatusTable() {}

    public static Table of(Cluster cluster, Map<JobId, JobStatus> states, Map<String, String> names) {
        StringColumn job = StringColumn.create("job");
        StringColumn name = StringColumn.create("name");
        StringColumn state = StringColumn.create("state");
        StringColumn exit = StringColumn.create("exit");
        StringColumn reason = StringColumn.create("reason");
        StringColumn hint = StringColumn.create("what to do");
        Map<JobId, Boolean> chains = new java.util.HashMap<>();
        for (JobStatus s : states.values()) {
            boolean chain = chains.computeIfAbsent(s.id().arrayParent(), p -> isChain(cluster, p));
            if (chain && s.id().arrayIndex().isPresent() && states.containsKey(s.id().arrayParent())) {
                continue; // a chain is one row; its links are in %hpc logs ID
            }
            job.append(s.id().value());
            name.append(names.getOrDefault(
                    s.id().value(), names.getOrDefault(s.id().arrayParent().value(), "")));
            state.append(
                    chain && s.id().arrayIndex().isEmpty()
                            ? ChainStatus.label(s)
                            : s.state().name());
            exit.append(s.exitCode().map(String::valueOf).orElse("")
                    + s.signal()
                            .filter(sig -> sig != 0)
                            .map(sig -> " (signal " + sig + ")")
                            .orElse(""));
            reason.append(s.reason());
            boolean bad = (s.state().isTerminal() && s.state() != JobState.COMPLETED)
                    || s.state() == JobState.UNKNOWN
                    || s.neverStarts();
            hint.append(bad ? FailureExplainer.suggestion(s, "") : "");
        }
        return Table.create(
                "jobs on " + cluster.profile().name() + " (" + job.size() + ")", job, name, state, exit, reason, hint);
    }

    private static boolean isChain(Cluster cluster, JobId parent) {
        try {
            return cluster.chainLinks(parent).isPresent();
        } catch (java.io.IOException unreadable) {
            return false;
        }
    }
}
