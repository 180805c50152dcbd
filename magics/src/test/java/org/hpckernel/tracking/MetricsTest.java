package org.hpckernel.tracking;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hpckernel.render.Png;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

class MetricsTest {

    @Test
    void summaryKeepsLastMinMaxCountPerKeyAndFlattensNestedKeys(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("metrics.jsonl");
        Files.writeString(f, """
                {"_step":0,"_timestamp":1.7e9,"loss":1.5,"val":{"acc":0.1},"phase":"warmup"}
                {"_step":1,"_timestamp":1.7e9,"loss":0.5,"val":{"acc":0.7},"lr":NaN}
                {"_step":2,"_timestamp":1.7e9,"loss":0.9,"val":{"acc":0.6},"phase":"train","lr":0.01}
                """);
        MetricsSummary s = MetricsSummary.of(f);
        assertEquals(3, s.rows());
        assertEquals(2, s.lastStep());
        var loss = s.keys().get("loss");
        assertEquals(0.9, loss.last());
        assertEquals(0.5, loss.min());
        assertEquals(1.5, loss.max());
        assertEquals(3, loss.count());
        assertEquals(0.7, s.keys().get("val.acc").max());
        assertEquals("train", s.keys().get("phase").last());
        assertEquals(0.01, s.keys().get("lr").min(), "NaN is counted but does not poison min");
        assertEquals(2, s.keys().get("lr").count());
    }

    @Test
    void rowsWithoutStepAreNumberedByLineLikeWandb() throws Exception {
        MetricsSummary s = new MetricsSummary();
        byte[] b = "{\"loss\":3}\n{\"loss\":2}\n".getBytes();
        s.accept(b, 0, b.length, null);
        assertEquals(1, s.keys().get("loss").lastStep());
    }

    @Test
    void tailReadsOnlyNewBytesAndHoldsAPartialLastLineAcrossAppends() throws Exception {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        long[] bytesFetched = {0};
        MetricsTail tail = new MetricsTail(
                (off, max) -> {
                    byte[] all = file.toByteArray();
                    byte[] b = Arrays.copyOfRange(
                            all, (int) Math.min(off, all.length), (int) Math.min(all.length, off + max));
                    bytesFetched[0] += b.length;
                    return b;
                },
                100);
        file.write("{\"_step\":0,\"loss\":1.0}\n{\"_step\":1,\"lo".getBytes(StandardCharsets.UTF_8));
        assertEquals(1, tail.poll());
        assertTrue(tail.pendingBytes() > 0);
        assertEquals(0, tail.poll(), "no new bytes, no new rows");
        file.write("ss\":0.5}\n".getBytes(StandardCharsets.UTF_8));
        assertEquals(1, tail.poll());
        assertEquals(0, tail.pendingBytes());
        file.write("{\"_step\":2,\"loss\":0.25}".getBytes(StandardCharsets.UTF_8));
        assertEquals(0, tail.poll(), "a line without its newline is not read yet");
        file.write('\n');
        assertEquals(1, tail.poll());
        assertEquals(0.25, tail.summary().keys().get("loss").min());
        assertEquals(3, tail.rows().size());
        assertEquals(tail.offset(), file.size());
        assertEquals(file.size(), bytesFetched[0], "no byte was fetched twice");
    }

    @Test
    void tailCapsKeptRowsAndSaysSo() throws Exception {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            sb.append("{\"_step\":").append(i).append(",\"loss\":").append(i).append("}\n");
        }
        byte[] all = sb.toString().getBytes();
        MetricsTail tail = new MetricsTail(
                (off, max) -> Arrays.copyOfRange(all, (int) off, (int) Math.min(all.length, off + max)), 4);
        tail.poll();
        assertEquals(4, tail.rows().size());
        assertEquals(6, tail.droppedRows());
        assertEquals(10, tail.summary().keys().get("loss").count());
    }

    @Test
    void severalJobsGiveOneTableThatCellsCanFilterAndSort(@TempDir Path dir) throws Exception {
        Map<String, MetricsSummary> byJob = new LinkedHashMap<>();
        Map<String, List<Map<String, Object>>> rows = new LinkedHashMap<>();
        for (String job : List.of("101", "102")) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < 50; i++) {
                double loss = (job.equals("101") ? 1.0 : 2.0) / (i + 1);
                sb.append("{\"_step\":")
                        .append(i)
                        .append(",\"loss\":")
                        .append(loss)
                        .append(",\"acc\":")
                        .append(1 - loss / 2)
                        .append("}\n");
            }
            byte[] b = sb.toString().getBytes();
            MetricsTail t = new MetricsTail(
                    (off, max) -> Arrays.copyOfRange(b, (int) off, (int) Math.min(b.length, off + max)), 1000);
            t.poll();
            byJob.put(job, t.summary());
            rows.put(job, t.rows());
        }
        Table t = Metrics.summaryTable(byJob, Set.of("loss"));
        assertEquals(2, t.rowCount());
        assertEquals(List.of("job", "key", "last", "min", "max", "count", "last_step"), t.columnNames());
        Table best = t.sortAscendingOn("min").first(1);
        assertEquals("101", best.stringColumn("job").get(0));
        Table r = Metrics.rowsTable(rows, null);
        assertEquals(100, r.rowCount());
        assertEquals(50, r.where(r.stringColumn("job").isEqualTo("102")).rowCount());
        Png png = Metrics.chart("loss", rows);
        Files.write(dir.resolve("loss.png"), png.bytes());
        assertTrue(png.bytes().length > 1000);
        if (System.getenv("HPC_KEEP_PNG") != null) {
            Files.write(Path.of(System.getenv("HPC_KEEP_PNG")), png.bytes());
        }
    }
}
