package org.hpckernel.cluster.pbs;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The full listings of PBS ({@code qstat -f}, {@code qstat -Qf}, {@code qstat -Bf}): a header line
 * ({@code Job Id: 123.server}, {@code Queue: workq}) then {@code key = value} lines indented by
 * blanks. Values longer than the line are continued on lines that start with a TAB, cut anywhere,
 * even inside a word, so they are joined without a separator. Pure.
 */
final class PbsBlocks {

    private PbsBlocks() {}

    /** Each block's keys and values, by the header's value ({@code header} is {@code Job Id} or {@code Queue}). */
    static Map<String, Map<String, String>> read(String text, String header) {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        Map<String, String> current = null;
        String lastKey = null;
        for (String line : text.split("\n")) {
            if (line.startsWith(header + ":")) {
                current =
                        out.computeIfAbsent(line.substring(header.length() + 1).strip(), k -> new LinkedHashMap<>());
                lastKey = null;
                continue;
            }
            if (current == null || line.isBlank()) {
                continue;
            }
            int eq = line.indexOf(" = ");
            boolean continued = line.startsWith("\t")
                    || eq < 0
                    || line.substring(0, eq).strip().contains(" ");
            if (continued && lastKey != null) {
                current.merge(lastKey, line.strip(), String::concat);
            } else if (eq > 0) {
                lastKey = line.substring(0, eq).strip();
                current.put(lastKey, line.substring(eq + 3).strip());
            }
        }
        return out;
    }
}
