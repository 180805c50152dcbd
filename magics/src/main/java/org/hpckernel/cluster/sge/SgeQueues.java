package org.hpckernel.cluster.sge;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.xml.parsers.DocumentBuilderFactory;
import org.hpckernel.cluster.Partition;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Grid Engine's cluster queues for {@code %hpc partitions}: {@code qstat -g c -xml} for the slots
 * used, free and unusable, and each queue's configuration ({@code qconf -sq}, one line per key with
 * {@code SGE_SINGLE_LINE}) for its limits. Grid Engine counts slots, not nodes, and has no default
 * queue (a job goes to any queue that fits), so none is marked. Pure.
 */
public final class SgeQueues {

    public static final String COMMAND = "qstat -g c -xml && for q in $(qconf -sql); do printf '@@queue %s\\n' \"$q\"; "
            + "SGE_SINGLE_LINE=1 qconf -sq \"$q\"; done";

    private SgeQueues() {}

    public static List<Partition> parse(String output) {
        int first = output.indexOf("@@queue ");
        Map<String, int[]> slots = summary(first < 0 ? output : output.substring(0, first));
        Map<String, Map<String, String>> configs = new LinkedHashMap<>();
        Map<String, String> current = null;
        for (String line : (first < 0 ? "" : output.substring(first)).split("\n")) {
            if (line.startsWith("@@queue ")) {
                current = configs.computeIfAbsent(line.substring(8).strip(), k -> new LinkedHashMap<>());
            } else if (current != null && !line.isBlank()) {
                String[] kv = line.strip().split("\\s+", 2);
                current.put(kv[0], kv.length > 1 ? kv[1].strip() : "");
            }
        }
        List<String> names = new ArrayList<>(slots.keySet());
        configs.keySet().stream().filter(q -> !names.contains(q)).forEach(names::add);
        List<Partition> out = new ArrayList<>();
        for (String q : names) {
            Map<String, String> c = configs.getOrDefault(q, Map.of());
            int[] s = slots.get(q);
            String memory = limit(c.get("h_vmem"));
            List<String> notes = new ArrayList<>();
            if (s != null) {
                notes.add("slots: " + s[1] + " free, " + s[0] + " used, " + s[2] + " unusable, " + s[3] + " in all");
            }
            if (c.containsKey("pe_list") && !"NONE".equals(c.get("pe_list"))) {
                notes.add("parallel environments " + c.get("pe_list"));
            }
            String complexes = c.getOrDefault("complex_values", "NONE");
            String gpus = "NONE".equals(complexes)
                    ? "none"
                    : java.util.Arrays.stream(complexes.split(","))
                            .filter(x -> x.toLowerCase(java.util.Locale.ROOT).contains("gpu"))
                            .reduce((a, b) -> a + "," + b)
                            .orElse("none");
            out.add(new Partition(
                    q,
                    false,
                    s == null || s[0] + s[1] > 0 || s[3] == 0,
                    duration(c.getOrDefault("h_rt", "INFINITY")),
                    !memory.isEmpty()
                            ? "h_vmem " + memory
                            : c.containsKey("h_vmem") ? "no limit (h_vmem INFINITY)" : "",
                    gpus,
                    c.getOrDefault("slots", "") + (c.containsKey("slots") ? " slots a host" : ""),
                    Optional.empty(),
                    String.join("; ", notes)));
        }
        return List.copyOf(out);
    }

    /** Per queue: slots used, available, unusable (disabled, suspended, in error), total. */
    private static Map<String, int[]> summary(String xml) {
        Map<String, int[]> out = new LinkedHashMap<>();
        if (xml.isBlank()) {
            return out;
        }
        Document doc;
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            doc = f.newDocumentBuilder()
                    .parse(new ByteArrayInputStream(xml.strip().getBytes(StandardCharsets.UTF_8)));
        } catch (Exception notXml) {
            return out;
        }
        NodeList queues = doc.getElementsByTagName("cluster_queue_summary");
        for (int i = 0; i < queues.getLength(); i++) {
            Element e = (Element) queues.item(i);
            int used = count(e, "used");
            int available = count(e, "available");
            int total = count(e, "total");
            out.put(SgeQueueParser.text(e, "name"), new int[] {
                used, available, Math.max(0, total - used - available - count(e, "resv")), total
            });
        }
        return out;
    }

    private static int count(Element e, String tag) {
        String t = SgeQueueParser.text(e, tag);
        return t.matches("\\d{1,9}") ? Integer.parseInt(t) : 0;
    }

    /** {@code INFINITY} (or NONE) as none; host overrides {@code 1G,[node1=2G]} keep the queue's own value with a note. */
    private static String limit(String value) {
        if (value == null || value.isBlank() || "INFINITY".equalsIgnoreCase(value) || "NONE".equalsIgnoreCase(value)) {
            return "";
        }
        return value.contains(",[") ? value.substring(0, value.indexOf(",[")) + " (some hosts differ)" : value;
    }

    /** Grid Engine times: seconds, {@code H:MM:SS}; {@code INFINITY} as none. */
    static Optional<Duration> duration(String text) {
        String t = text.strip();
        int bracket = t.indexOf(",[");
        if (bracket >= 0) {
            t = t.substring(0, bracket);
        }
        if (t.isEmpty() || "INFINITY".equalsIgnoreCase(t) || "NONE".equalsIgnoreCase(t)) {
            return Optional.empty();
        }
        long seconds = 0;
        for (String part : t.split(":")) {
            if (!part.matches("\\d{1,9}")) {
                return Optional.empty();
            }
            seconds = seconds * 60 + Long.parseLong(part);
        }
        return Optional.of(Duration.ofSeconds(seconds));
    }
}
