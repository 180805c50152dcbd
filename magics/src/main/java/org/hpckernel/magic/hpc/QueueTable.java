package org.hpckernel.magic.hpc;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.hpckernel.cluster.QueuedJob;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** The queue as a table: pending jobs with their expected start and reason, running ones with their time left. */
public final class QueueTable {

    private QueueTable() {}

    public static Table of(String profile, List<QueuedJob> jobs, boolean all, Optional<String> partition) {
        StringColumn job = StringColumn.create("job");
        StringColumn name = StringColumn.create("name");
        StringColumn user = StringColumn.create("user");
        StringColumn part = StringColumn.create("partition");
        StringColumn state = StringColumn.create("state");
        StringColumn start = StringColumn.create("start (cluster time)");
        StringColumn reason = StringColumn.create("reason");
        StringColumn priority = StringColumn.create("priority");
        StringColumn left = StringColumn.create("time left");
        for (QueuedJob j : jobs) {
            job.append(j.id());
            name.append(j.name());
            user.append(j.user());
            part.append(j.partition());
            state.append(j.state().name()
                    + (j.schedulerState().isEmpty()
                                    || j.schedulerState()
                                            .equalsIgnoreCase(j.state().name())
                            ? ""
                            : " (" + j.schedulerState() + ")"));
            String at = j.start().map(t -> t.toString().replace('T', ' ')).orElse("");
            start.append(j.pending() ? (at.isEmpty() ? "n/a" : "expected " + at) : at.isEmpty() ? "" : "since " + at);
            reason.append(j.reason());
            priority.append(j.priority());
            left.append(j.timeLeft().map(QueueTable::duration).orElse(j.pending() ? "" : "no limit"));
        }
        String whose = all ? "all jobs" : "your jobs";
        return Table.create(
                whose + " in the queue of " + profile
                        + partition.map(p -> ", partition " + p).orElse("") + " (" + jobs.size() + ")",
                job,
                name,
                user,
                part,
                state,
                start,
                reason,
                priority,
                left);
    }

    /** {@code 2-03:04:05}, {@code 1:02:03}, {@code 4:05}: as the schedulers print times. */
    static String duration(Duration d) {
        long s = Math.max(0, d.toSeconds());
        long days = s / 86400;
        String hms = String.format("%d:%02d:%02d", s % 86400 / 3600, s % 3600 / 60, s % 60);
        return days > 0 ? days + "-" + hms : hms;
    }
}
