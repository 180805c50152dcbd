package org.hpckernel.tracking;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * The history, summary and config of a W&B offline run, read from its {@code run-ID.wandb} transaction log
 * with no network and no wandb install. The file is a LevelDB-style log (7-byte header {@code :W&B}, magic
 * 0xBEE1, version 0; 32 KiB blocks of chunks {crc32 LE, length u16 LE, type, payload}; CRC-32 (IEEE)
 * over type and payload, as wandb writes it) whose records are protobuf {@code wandb_internal.Record}s.
 * Only the fields needed here are decoded, by field number; a truncated last record (the run is still
 * writing) is ignored.
 */
public final class WandbOfflineRun {

    static final int BLOCK = 32 * 1024;
    static final int CHUNK_HEADER = 7;
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = org.hpckernel.Json.writtenByPrograms();

    // wandb_internal.Record oneof field numbers (wandb/proto/wandb_internal.proto)
    private static final int HISTORY = 2, SUMMARY = 3, CONFIG = 5, RUN = 17, EXIT = 18;

    private final List<Map<String, Object>> history = new ArrayList<>();
    private final Map<String, Object> summary = new LinkedHashMap<>();
    private final Map<String, Object> config = new LinkedHashMap<>();
    private String runId;
    private String project;
    private Integer exitCode;
    private int records;

    public static WandbOfflineRun read(Path file) throws IOException {
        return parse(Files.readAllBytes(file));
    }

    public static WandbOfflineRun parse(byte[] b) throws IOException {
        if (b.length < CHUNK_HEADER
                || b[0] != ':'
                || b[1] != 'W'
                || b[2] != '&'
                || b[3] != 'B'
                || (b[4] & 0xff) != 0xE1
                || (b[5] & 0xff) != 0xBE) {
            throw new IOException("not a W&B transaction log (.wandb): bad header");
        }
        if (b[6] != 0) {
            throw new IOException("unsupported .wandb log version " + b[6]);
        }
        WandbOfflineRun run = new WandbOfflineRun();
        ByteArrayOutputStream pending = new ByteArrayOutputStream();
        int pos = CHUNK_HEADER;
        while (pos + CHUNK_HEADER <= b.length) {
            int leftInBlock = BLOCK - (pos % BLOCK);
            if (leftInBlock < CHUNK_HEADER) {
                pos += leftInBlock; // zero trailer
                continue;
            }
            long crc = (b[pos] & 0xffL)
                    | (b[pos + 1] & 0xffL) << 8
                    | (b[pos + 2] & 0xffL) << 16
                    | (b[pos + 3] & 0xffL) << 24;
            int len = (b[pos + 4] & 0xff) | (b[pos + 5] & 0xff) << 8;
            int type = b[pos + 6] & 0xff;
            if (type == 0 && len == 0 && crc == 0) {
                pos += leftInBlock; // preallocated zeros
                continue;
            }
            if (pos + CHUNK_HEADER + len > b.length) {
                break; // last record still being written
            }
            CRC32 c = new CRC32();
            c.update(type);
            c.update(b, pos + CHUNK_HEADER, len);
            if (c.getValue() != crc) {
                throw new IOException(".wandb file corrupt: checksum mismatch at byte " + pos);
            }
            pending.write(b, pos + CHUNK_HEADER, len);
            pos += CHUNK_HEADER + len;
            if (type == 1 || type == 4) { // FULL or LAST
                run.record(pending.toByteArray());
                pending.reset();
            } else if (type != 2 && type != 3) {
                throw new IOException(
                        ".wandb file corrupt: chunk type " + type + " at byte " + (pos - len - CHUNK_HEADER));
            }
        }
        return run;
    }

    private void record(byte[] rec) throws IOException {
        records++;
        Proto p = new Proto(rec);
        while (p.more()) {
            int tag = p.tag();
            int field = tag >>> 3;
            if ((tag & 7) != 2) {
                p.skip(tag);
                continue;
            }
            byte[] body = p.bytes();
            switch (field) {
                case HISTORY -> history(body);
                case SUMMARY -> items(body, summary, false);
                case CONFIG -> items(body, config, true);
                case RUN -> run(body);
                case EXIT -> exit(body);
                default -> {}
            }
        }
    }

    private void history(byte[] body) throws IOException {
        Map<String, Object> row = new LinkedHashMap<>();
        Long step = null;
        Proto p = new Proto(body);
        while (p.more()) {
            int tag = p.tag();
            if (tag == (1 << 3 | 2)) {
                Item it = item(p.bytes());
                row.put(it.key, it.value);
            } else if (tag == (2 << 3 | 2)) {
                Proto s = new Proto(p.bytes());
                while (s.more()) {
                    int t = s.tag();
                    if (t == (1 << 3)) {
                        step = s.varint();
                    } else {
                        s.skip(t);
                    }
                }
            } else {
                p.skip(tag);
            }
        }
        if (!row.containsKey("_step")) {
            row.put("_step", step != null ? step : (long) history.size());
        }
        history.add(row);
    }

    private void items(byte[] body, Map<String, Object> into, boolean unwrapValue) throws IOException {
        Proto p = new Proto(body);
        while (p.more()) {
            int tag = p.tag();
            if (tag == (1 << 3 | 2)) {
                Item it = item(p.bytes());
                Object v = it.value;
                if (unwrapValue && v instanceof Map<?, ?> m && m.containsKey("value")) {
                    v = m.get("value");
                }
                into.put(it.key, v);
            } else if (tag == (2 << 3 | 2)) {
                into.remove(item(p.bytes()).key);
            } else {
                p.skip(tag);
            }
        }
    }

    private void run(byte[] body) throws IOException {
        Proto p = new Proto(body);
        while (p.more()) {
            int tag = p.tag();
            if (tag == (1 << 3 | 2)) {
                runId = p.string();
            } else if (tag == (3 << 3 | 2)) {
                project = p.string();
            } else {
                p.skip(tag);
            }
        }
    }

    private void exit(byte[] body) throws IOException {
        Proto p = new Proto(body);
        while (p.more()) {
            int tag = p.tag();
            if (tag == (1 << 3)) {
                exitCode = (int) p.varint();
            } else {
                p.skip(tag);
            }
        }
    }

    private record Item(String key, Object value) {}

    /** HistoryItem / SummaryItem / ConfigItem: key=1, nested_key=2 (joined with '.'), value_json=16. */
    private static Item item(byte[] body) throws IOException {
        Proto p = new Proto(body);
        String key = null;
        List<String> nested = new ArrayList<>();
        String json = "null";
        while (p.more()) {
            int tag = p.tag();
            if (tag == (1 << 3 | 2)) {
                key = p.string();
            } else if (tag == (2 << 3 | 2)) {
                nested.add(p.string());
            } else if (tag == (16 << 3 | 2)) {
                json = p.string();
            } else {
                p.skip(tag);
            }
        }
        String k = key != null && !key.isEmpty() ? key : String.join(".", nested);
        JsonNode n = JSON.readTree(json);
        return new Item(k, JSON.convertValue(n, Object.class));
    }

    public List<Map<String, Object>> history() {
        return Collections.unmodifiableList(history);
    }

    public Map<String, Object> summary() {
        return Collections.unmodifiableMap(summary);
    }

    public Map<String, Object> config() {
        return Collections.unmodifiableMap(config);
    }

    public String runId() {
        return runId;
    }

    public String project() {
        return project;
    }
    /** Null while the run has not exited. */
    public Integer exitCode() {
        return exitCode;
    }

    public int records() {
        return records;
    }

    /** The history as metrics.jsonl lines, so the same summariser, tables and charts apply. */
    public byte[] historyAsJsonLines() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Map<String, Object> row : history) {
            out.write(JSON.writeValueAsBytes(row));
            out.write('\n');
        }
        return out.toByteArray();
    }

    public MetricsSummary metricsSummary() throws IOException {
        MetricsSummary s = new MetricsSummary();
        byte[] b = historyAsJsonLines();
        s.accept(b, 0, b.length, null);
        return s;
    }

    /** A protobuf wire-format reader for the few fields above; unknown fields are skipped. */
    static final class Proto {
        private final byte[] b;
        private int pos;

        Proto(byte[] b) {
            this.b = b;
        }

        boolean more() {
            return pos < b.length;
        }

        int tag() throws IOException {
            return (int) varint();
        }

        long varint() throws IOException {
            long v = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                if (pos >= b.length) {
                    throw new IOException("truncated protobuf varint");
                }
                int x = b[pos++] & 0xff;
                v |= (long) (x & 0x7f) << shift;
                if (x < 0x80) {
                    return v;
                }
            }
            throw new IOException("malformed protobuf varint");
        }

        byte[] bytes() throws IOException {
            int n = (int) varint();
            if (n < 0 || pos + n > b.length) {
                throw new IOException("truncated protobuf field");
            }
            byte[] out = java.util.Arrays.copyOfRange(b, pos, pos + n);
            pos += n;
            return out;
        }

        String string() throws IOException {
            return new String(bytes(), StandardCharsets.UTF_8);
        }

        void skip(int tag) throws IOException {
            switch (tag & 7) {
                case 0 -> varint();
                case 1 -> pos += 8;
                case 2 -> bytes();
                case 5 -> pos += 4;
                default -> throw new IOException("unsupported protobuf wire type " + (tag & 7));
            }
        }
    }
}
