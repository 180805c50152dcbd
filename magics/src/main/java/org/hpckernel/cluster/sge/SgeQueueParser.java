package org.hpckernel.cluster.sge;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.xml.parsers.DocumentBuilderFactory;
import org.hpckernel.cluster.QueuedJob;
import org.hpckernel.cluster.Shell;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * {@code qstat -xml -r} for {@code %hpc queue}. Grid Engine plans no start times, so a pending job
 * has none; a running one has its start, and its time left is its {@code h_rt} minus the time since,
 * counted on the cluster's own clock (the {@code @@now} line). Pure.
 */
public final class SgeQueueParser {

    private SgeQueueParser() {}

    /** The user's jobs ({@code -u '*'}: everyone's), of one queue when given, then the cluster's time; qstat's failure is the command's. */
    public static String command(boolean all, Optional<String> queue) {
        return "qstat -xml -r -u " + (all ? "'*'" : "\"${USER:-$(id -un)}\"")
                + queue.map(q -> " -q " + Shell.quote(q)).orElse("") + " && echo \"@@now $(date +%Y-%m-%dT%H:%M:%S)\"";
    }

    public static List<QueuedJob> parse(String output) {
        int mark = output.indexOf("@@now ");
        Optional<LocalDateTime> now = mark < 0
                ? Optional.empty()
                : time(output.substring(mark + 6).strip().split("\\s")[0]);
        String xml = (mark < 0 ? output : output.substring(0, mark)).strip();
        List<QueuedJob> jobs = new ArrayList<>();
        if (xml.isEmpty()) {
            return jobs;
        }
        Document doc;
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            doc = f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception notXml) {
            throw new IllegalStateException("qstat -xml printed something that is not XML: "
                    + xml.lines().findFirst().orElse(""));
        }
        NodeList lists = doc.getElementsByTagName("job_list");
        for (int i = 0; i < lists.getLength(); i++) {
            Element e = (Element) lists.item(i);
            String code = text(e, "state");
            String tasks = text(e, "tasks");
            String queue = text(e, "queue_name");
            Optional<LocalDateTime> started = time(text(e, "JAT_start_time"));
            Optional<Duration> limit = hardRuntime(e);
            Optional<Duration> left = started.isPresent() && now.isPresent()
                    ? limit.map(l -> l.minus(Duration.between(started.get(), now.get())))
                            .map(d -> d.isNegative() ? Duration.ZERO : d)
                    : limit;
            String name = text(e, "full_job_name");
            int slots = text(e, "slots").matches("\\d{1,9}") ? Integer.parseInt(text(e, "slots")) : 0;
            jobs.add(new QueuedJob(
                    text(e, "JB_job_number") + (tasks.isEmpty() ? "" : "." + tasks),
                    name.isEmpty() ? text(e, "JB_name") : name,
                    text(e, "JB_owner"),
                    queue.contains("@") ? queue.substring(0, queue.indexOf('@')) : queue,
                    SgeStatusParser.stateOf(code),
                    code,
                    SgeStatusParser.reasonOf(code),
                    started,
                    text(e, "JAT_prio"),
                    left,
                    0,
                    slots));
        }
        return List.copyOf(jobs);
    }

    /** {@code <hard_request name="h_rt">180</hard_request>}: seconds, or {@code H:MM:SS}. */
    private static Optional<Duration> hardRuntime(Element e) {
        NodeList requests = e.getElementsByTagName("hard_request");
        for (int i = 0; i < requests.getLength(); i++) {
            Element r = (Element) requests.item(i);
            if ("h_rt".equals(r.getAttribute("name"))) {
                return SgeQueues.duration(r.getTextContent());
            }
        }
        return Optional.empty();
    }

    /** {@code 2026-11-29T19:21:39} (8.1 prints ISO times in XML). */
    static Optional<LocalDateTime> time(String text) {
        try {
            return text.isBlank() ? Optional.empty() : Optional.of(LocalDateTime.parse(text.strip()));
        } catch (DateTimeParseException other) {
            return Optional.empty();
        }
    }

    static String text(Element e, String tag) {
        NodeList n = e.getElementsByTagName(tag);
        return n.getLength() == 0 ? "" : n.item(0).getTextContent().strip();
    }
}
