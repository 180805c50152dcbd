package org.hpckernel.cluster;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * The one remote call of a status poll, shared by every scheduler: the query runs once for all
 * jobs; if the call itself fails, every job is UNKNOWN (never done, never gone).
 */
public final class StatusCall {

    private StatusCall() {}

    public static Map<JobId, JobStatus> run(
            Transport transport,
            String command,
            Duration timeout,
            Map<JobId, JobDirectory> jobs,
            BiFunction<String, Map<JobId, JobDirectory>, Map<JobId, JobStatus>> parse) {
        if (jobs.isEmpty()) {
            return new LinkedHashMap<>();
        }
        ExecResult r;
        try {
            r = transport.execIdempotent(command, timeout);
        } catch (java.io.IOException e) {
            Map<JobId, JobStatus> unknown = new LinkedHashMap<>();
            jobs.keySet()
                    .forEach(id -> unknown.put(id, JobStatus.unknown(id, "status call failed: " + e.getMessage())));
            return unknown;
        }
        return parse.apply(r.stdout(), jobs);
    }
}
