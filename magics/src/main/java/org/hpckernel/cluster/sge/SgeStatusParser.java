package org.hpckernel.cluster.sge;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.xml.parsers.DocumentBuilderFactory;
import org.hpckernel.cluster.BatchScripts;
import org.hpckernel.cluster.ExitFiles;
import org.hpckernel.cluster.JobDirectory;
import org.hpckernel.cluster.JobId;
import org.hpckernel.cluster.JobState;
import org.hpckernel.cluster.JobStatus;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Reads one status call's answer: {@code qstat -xml -g d} (one entry per task), {@code qacct -j}
 * blocks for jobs that left the queue, and exit files. The queue wins while a job lives, then
 * accounting, then the exit file. A job none of them knows is UNKNOWN: qacct may not have the
 * record yet (the accounting flush), and that is a grace period, not an end.
 */
public final class SgeStatusParser {

    private SgeStatusParser() {}

    public static Map<JobId, JobStatus> parse(String output, Map<JobId, JobDirectory> jobs) {
        int marker = output.indexOf("@@qstat ");
        String qstat = marker < 0 ? "" : output.substring(0, marker);
        boolean qstatWorked = marker >= 0 && output.startsWith("@@qstat 0", marker);
        Map<String, JobStatus> queue = qstatWorked ? parseQstatXml(qstat) : Map.of();
        Map<String, JobStatus> accounting = new LinkedHashMap<>();
        String[] sections = output.split("\n@@qacct ");
        for (int i = 1; i < sections.length; i++) {
            accounting.putAll(parseQacct(sections[i].substring(sections[i].indexOf('\n') + 1)));
        }
        Map<String, JsonNode> exitFiles = ExitFiles.parse(output);

        Map<JobId, JobStatus> result = new LinkedHashMap<>();
        for (Map.Entry<JobId, JobDirectory> job : jobs.entrySet()) {
            JobId id = job.getKey();
            String number = SgeScheduler.jobNumber(id);
            Map<String, JobStatus> tasks = new LinkedHashMap<>();
            for (Map<String, JobStatus> source : List.of(queue, accounting)) {
                source.forEach((key, status) -> {
                    if (key.startsWith(number + "_")) {
                        tasks.putIfAbsent(key, status);
                    }
                });
            }
            JobStatus own;
            if (id.arrayIndex().isPresent() || tasks.isEmpty()) {
                own = queue.getOrDefault(id.value(), accounting.get(id.value()));
            } else {
                // an array: every task it has, with the exit files of tasks neither source knows
                own = ExitFiles.summarise(
                        id, tasks.values(), tasks.values().iterator().next().source());
            }
            if (own == null) {
                own = ExitFiles.status(id, job.getValue(), id.arrayIndex(), exitFiles)
                        .orElse(JobStatus.unknown(
                                id,
                                qstatWorked
                                        ? "not in the queue, not in accounting yet (qacct flushes late), no exit file"
                                        : "qstat failed: "
                                                + qstat.strip()
                                                        .lines()
                                                        .findFirst()
                                                        .orElse("")));
            }
            result.put(id, own);
            tasks.forEach((task, status) -> result.putIfAbsent(JobId.of(task), status));
        }
        return result;
    }

    /** One status per job or task, keyed {@code 123} or {@code 123_4} (the task index, Grid Engine's task id - 1). */
    static Map<String, JobStatus> parseQstatXml(String xml) {
        Map<String, JobStatus> out = new LinkedHashMap<>();
        String body = xml.strip();
        if (body.isEmpty()) {
            return out;
        }
        Document doc;
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            doc = f.newDocumentBuilder().parse(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            return out;
        }
        NodeList lists = doc.getElementsByTagName("job_list");
        for (int i = 0; i < lists.getLength(); i++) {
            Element e = (Element) lists.item(i);
            String number = text(e, "JB_job_number");
            String code = text(e, "state");
            String tasks = text(e, "tasks");
            JobState state = stateOf(code);
            String reason = reasonOf(code);
            if (tasks.isEmpty()) {
                out.put(
                        number,
                        new JobStatus(
                                JobId.of(number),
                                state,
                                Optional.empty(),
                                Optional.empty(),
                                reason,
                                JobStatus.Source.QUEUE));
            } else {
                for (int t : taskRange(tasks)) {
                    String key = number + "_" + (t - 1);
                    out.put(
                            key,
                            new JobStatus(
                                    JobId.of(key),
                                    state,
                                    Optional.empty(),
                                    Optional.empty(),
                                    reason,
                                    JobStatus.Source.QUEUE));
                }
            }
        }
        return out;
    }

    /** {@code 3}, {@code 2-4:1}, or a list of them separated by commas. */
    static List<Integer> taskRange(String tasks) {
        List<Integer> out = new java.util.ArrayList<>();
        for (String part : tasks.split(",")) {
            String p = part.strip();
            int step = 1;
            int colon = p.indexOf(':');
            if (colon >= 0) {
                step = Integer.parseInt(p.substring(colon + 1));
                p = p.substring(0, colon);
            }
            int dash = p.indexOf('-');
            int first = Integer.parseInt(dash < 0 ? p : p.substring(0, dash));
            int last = dash < 0 ? first : Integer.parseInt(p.substring(dash + 1));
            for (int t = first; t <= last; t += step) {
                out.add(t);
            }
        }
        return out;
    }

    /** Grid Engine's state letters: {@code qw hqw r t Rr s S T dr Eqw}. */
    static JobState stateOf(String code) {
        if (code.contains("E")) {
            return JobState.FAILED; // an error state: the job stays queued and never runs until cleared
        }
        if (code.contains("r")
                || code.contains("t")
                || code.contains("R")
                || code.contains("s")
                || code.contains("S")
                || code.contains("T")) {
            return JobState.RUNNING;
        }
        return JobState.PENDING;
    }

    static String reasonOf(String code) {
        if (code.contains("E")) {
            return "Grid Engine error state " + code + ": `qstat -j ID` says why, `qmod -cj ID` retries it";
        }
        if (code.contains("h")) {
            return "held (" + code + "): waiting for a dependency or a hold";
        }
        if (code.contains("d")) {
            return "being deleted (" + code + ")";
        }
        if (code.contains("s") || code.contains("S") || code.contains("T")) {
            return "suspended (" + code + ")";
        }
        return "";
    }

    /** {@code qacct -j} blocks, keyed like the queue's: {@code 123}, or {@code 123_4} for task 5. */
    static Map<String, JobStatus> parseQacct(String text) {
        Map<String, JobStatus> out = new LinkedHashMap<>();
        for (QacctRecords.Accounted r : QacctRecords.read(text)) {
            Map<String, String> f = r.fields();
            out.put(
                    r.key(),
                    accounted(JobId.of(r.key()), f.getOrDefault("failed", "0"), f.getOrDefault("exit_status", "0")));
        }
        return out;
    }

    /**
     * {@code failed} says whether Grid Engine itself ended the job: 0 means it ran to its own end,
     * 37 a limit the qmaster enforced (h_rt, also h_cpu/h_vmem), 100 "assumedly after job" (qdel or a signal).
     */
    static JobStatus accounted(JobId id, String failedField, String exitField) {
        int failed = BatchScripts.parseInt(failedField.split("[ :]")[0]).orElse(0);
        String failedText = failedField.contains(":")
                ? failedField.substring(failedField.indexOf(':') + 1).strip()
                : "";
        int exit = BatchScripts.parseInt(exitField.split("\\s+")[0]).orElse(0);
        Optional<Integer> signal = exit > 128 ? Optional.of(exit - 128) : Optional.of(0);
        JobState state;
        String reason;
        if (failed == 0) {
            state = exit == 0 ? JobState.COMPLETED : JobState.FAILED;
            reason = exit == 0
                    ? ""
                    : exit > 128
                            ? "killed by signal " + (exit - 128) + " (137 is often the memory limit h_vmem)"
                            : "exit status " + exit;
        } else if (failed == 37) {
            state = JobState.TIMEOUT;
            reason = "failed 37: " + failedText;
        } else if (failed == 100) {
            state = JobState.CANCELLED;
            reason = "failed 100: " + failedText + " (qdel or a signal)";
        } else {
            state = JobState.FAILED;
            reason = "Grid Engine could not run it, failed " + failed + (failedText.isEmpty() ? "" : ": " + failedText);
        }
        return new JobStatus(id, state, Optional.of(exit), signal, reason, JobStatus.Source.ACCOUNTING);
    }

    private static String text(Element e, String tag) {
        NodeList n = e.getElementsByTagName(tag);
        return n.getLength() == 0 ? "" : n.item(0).getTextContent().strip();
    }
}
