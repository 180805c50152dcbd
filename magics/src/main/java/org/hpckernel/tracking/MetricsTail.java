package org.hpckernel.tracking;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Follows a growing metrics.jsonl: each {@link #poll} asks only for bytes after the last offset, feeds the
 * complete lines to a {@link MetricsSummary} and keeps a trailing partial line until its newline arrives.
 * Optionally keeps the rows (for charts) up to a cap; the cap is reported, never silent.
 */
public final class MetricsTail {

    /** Reads up to {@code maxBytes} at {@code offset}; empty when nothing new (Transport.read has this shape). */
    @FunctionalInterface
    public interface Source {
        byte[] read(long offset, int maxBytes) throws IOException;
    }

    private static final int CHUNK = 8 << 20;
    private final Source source;
    private final MetricsSummary summary = new MetricsSummary();
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    private final List<Map<String, Object>> rows = new ArrayList<>();
    private final int keepRows;
    private long offset;
    private long droppedRows;

    public MetricsTail(Source source, int keepRows) {
        this.source = source;
        this.keepRows = keepRows;
    }

    /** Fetches new bytes until none are left; returns how many new complete rows were read. */
    public long poll() throws IOException {
        long before = summary.rows();
        while (true) {
            byte[] b = source.read(offset, CHUNK);
            if (b.length == 0) {
                break;
            }
            offset += b.length;
            int lastNl = -1;
            for (int i = b.length - 1; i >= 0; i--) {
                if (b[i] == '\n') {
                    lastNl = i;
                    break;
                }
            }
            if (lastNl < 0) {
                partial.write(b, 0, b.length);
            } else {
                byte[] head;
                int off;
                int len;
                if (partial.size() > 0) {
                    partial.write(b, 0, lastNl + 1);
                    head = partial.toByteArray();
                    off = 0;
                    len = head.length;
                    partial.reset();
                } else {
                    head = b;
                    off = 0;
                    len = lastNl + 1;
                }
                summary.accept(head, off, len, keepRows > 0 ? this::keep : null);
                partial.write(b, lastNl + 1, b.length - lastNl - 1);
            }
            if (b.length < CHUNK) {
                break;
            }
        }
        return summary.rows() - before;
    }

    private void keep(Map<String, Object> row) {
        if (rows.size() < keepRows) {
            rows.add(row);
        } else {
            droppedRows++;
        }
    }

    public MetricsSummary summary() {
        return summary;
    }

    public List<Map<String, Object>> rows() {
        return rows;
    }

    /** Rows read but not kept because of the cap. */
    public long droppedRows() {
        return droppedRows;
    }

    public long offset() {
        return offset;
    }

    /** Bytes of a last line still waiting for its newline. */
    public int pendingBytes() {
        return partial.size();
    }
}
