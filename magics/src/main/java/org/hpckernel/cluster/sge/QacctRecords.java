package org.hpckernel.cluster.sge;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The records of {@code qacct -j} output (blocks between lines of {@code =}), each keyed like the
 * queue's ids: {@code 123}, or {@code 123_4} for task 5, since Grid Engine's tasks start at 1 and ours at 0.
 */
final class QacctRecords {

    private QacctRecords() {}

    /** One record: its key and its fields, first value of a repeated field kept. */
    record Accounted(String key, Map<String, String> fields) {}

    static List<Accounted> read(String text) {
        List<Accounted> records = new ArrayList<>();
        for (String block : text.split("(?m)^={10,}\\s*$")) {
            Map<String, String> f = new LinkedHashMap<>();
            for (String line : block.split("\n")) {
                String l = line.strip();
                int space = l.indexOf(' ');
                if (space > 0) {
                    f.putIfAbsent(l.substring(0, space), l.substring(space).strip());
                }
            }
            String number = f.get("jobnumber");
            if (number == null) {
                continue;
            }
            String task = f.getOrDefault("taskid", "undefined");
            records.add(
                    new Accounted(task.equals("undefined") ? number : number + "_" + (Integer.parseInt(task) - 1), f));
        }
        return records;
    }
}
