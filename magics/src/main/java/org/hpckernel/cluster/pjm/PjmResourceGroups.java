package org.hpckernel.cluster.pjm;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hpckernel.cluster.Partition;

/**
 * PJM resource groups for {@code %hpc partitions}: {@code pjshowrsc --rscgrp} for each group's nodes
 * (TOTAL FREE ALLOC), then {@code pjacl --rg G} for its limits ({@code (elapse=)} and
 * {@code (node=)} rows: lower, upper, default). PJM marks no default group in these. Pure.
 */
public final class PjmResourceGroups {

    public static final String COMMAND = "out=$(pjshowrsc --rscgrp) || exit $?; printf '%s\\n' \"$out\"; "
            + "for g in $(printf '%s\\n' \"$out\" | awk 'NF==4 && $2 ~ /^[0-9]+$/ && $3 ~ /^[0-9]+$/ {print $1}'); do "
            + "printf '@@rscgrp %s\\n' \"$g\"; pjacl --rg \"$g\" 2>&1; done";

    private PjmResourceGroups() {}

    public static List<Partition> parse(String output) {
        int first = output.indexOf("@@rscgrp ");
        Map<String, int[]> nodes = new LinkedHashMap<>();
        for (String line : (first < 0 ? output : output.substring(0, first)).split("\n")) {
            String[] w = line.strip().split("\\s+");
            if (w.length == 4 && w[1].matches("\\d+") && w[2].matches("\\d+") && w[3].matches("\\d+")) {
                nodes.put(w[0], new int[] {Integer.parseInt(w[1]), Integer.parseInt(w[2]), Integer.parseInt(w[3])});
            }
        }
        Map<String, Map<String, String[]>> acl = new LinkedHashMap<>();
        Map<String, String[]> current = null;
        for (String line : (first < 0 ? "" : output.substring(first)).split("\n")) {
            if (line.startsWith("@@rscgrp ")) {
                current = acl.computeIfAbsent(line.substring(9).strip(), k -> new LinkedHashMap<>());
            } else if (current != null && line.strip().startsWith("(")) {
                int close = line.indexOf(')');
                String[] values = line.substring(close + 1).strip().split("\\s+");
                current.put(line.substring(line.indexOf('(') + 1, close).strip(), values);
            }
        }
        List<Partition> out = new ArrayList<>();
        for (Map.Entry<String, int[]> g : nodes.entrySet()) {
            Map<String, String[]> limits = acl.getOrDefault(g.getKey(), Map.of());
            String[] elapse = limits.get("elapse=");
            String[] node = limits.get("node=");
            String[] mem = limits.get("node-mem=");
            List<String> notes = new ArrayList<>();
            if (node != null && node.length >= 2) {
                notes.add(node[0] + "-" + node[1] + " nodes a job");
            }
            if (elapse != null && elapse.length >= 3) {
                notes.add("default elapse " + elapse[2]);
            }
            int[] n = g.getValue();
            out.add(new Partition(
                    g.getKey(),
                    false,
                    true,
                    elapse != null && elapse.length >= 2 ? PjmQueueParser.hms(elapse[1]) : Optional.empty(),
                    mem != null && mem.length >= 2 && !"unlimited".equals(mem[1]) ? mem[1] + " per node" : "",
                    "",
                    "",
                    Optional.of(new Partition.Nodes(n[1], n[2], Math.max(0, n[0] - n[1] - n[2]), n[0])),
                    String.join("; ", notes)));
        }
        return List.copyOf(out);
    }
}
