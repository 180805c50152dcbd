package org.hpckernel.magic.hpc;

import java.util.List;
import org.hpckernel.cluster.Partition;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** Partitions as a table: limits, node counts, the default marked. */
public final class PartitionTable {

    private PartitionTable() {}

    public static Table of(String profile, List<Partition> partitions) {
        StringColumn name = StringColumn.create("partition");
        StringColumn def = StringColumn.create("default");
        StringColumn state = StringColumn.create("state");
        StringColumn time = StringColumn.create("max time");
        StringColumn memory = StringColumn.create("max memory");
        StringColumn gpus = StringColumn.create("GPUs");
        StringColumn cpus = StringColumn.create("CPUs");
        StringColumn free = StringColumn.create("nodes free");
        StringColumn used = StringColumn.create("used");
        StringColumn down = StringColumn.create("down");
        StringColumn total = StringColumn.create("total");
        StringColumn note = StringColumn.create("note");
        for (Partition p : partitions) {
            name.append(p.name());
            def.append(p.isDefault() ? "yes" : "");
            state.append(p.up() ? "up" : "down");
            time.append(p.maxTime().map(QueueTable::duration).orElse("no limit"));
            memory.append(p.maxMemory());
            gpus.append(p.gpus());
            cpus.append(p.cpus());
            free.append(p.nodes().map(n -> String.valueOf(n.free())).orElse(""));
            used.append(p.nodes().map(n -> String.valueOf(n.used())).orElse(""));
            down.append(p.nodes().map(n -> String.valueOf(n.down())).orElse(""));
            total.append(p.nodes().map(n -> String.valueOf(n.total())).orElse(""));
            note.append(p.note());
        }
        return Table.create(
                "partitions of " + profile + " (" + partitions.size() + ")",
                name,
                def,
                state,
                time,
                memory,
                gpus,
                cpus,
                free,
                used,
                down,
                total,
                note);
    }
}
