package org.hpckernel.tracking;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Per-key statistics of a metrics.jsonl stream (W&B history rows), kept in constant memory per key:
 * the rows are parsed one token at a time and never held. Nested objects are flattened with '.'
 * like W&B history keys. Non-numeric values count but only set {@code last}.
 */
public final class MetricsSummary {

    /** Stats of one key. {@code last} is the last value seen (a Double, String or Boolean). */
    public static final class KeyStats {
        long count;
        double min = Double.NaN;
        double max = Double.NaN;
        double lastNumber;
        Object lastOther; // null while the last value was a number: no boxing per row
        long lastStep = -1;

        public long count() {
            return count;
        }

        public double min() {
            return min;
        }

        public double max() {
            return max;
        }

        public Object last() {
            return lastOther != null ? lastOther : count == 0 ? null : (Object) lastNumber;
        }

        public long lastStep() {
            return lastStep;
        }

        void number(double v) {
            if (!Double.isNaN(v)) { // NaN is logged (counted, last) but does not poison min/max
                if (Double.isNaN(min) || v < min) {
                    min = v;
                }
                if (Double.isNaN(max) || v > max) {
                    max = v;
                }
            }
            count++;
            lastNumber = v;
            lastOther = null;
        }

        void other(Object v) {
            count++;
            lastOther = v;
        }
    }

    static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS) // Python's json.dumps writes NaN / Infinity
            .enable(com.fasterxml.jackson.core.StreamReadFeature.USE_FAST_DOUBLE_PARSER)
            .build();

    private final Map<String, KeyStats> keys = new LinkedHashMap<>();
    private long rows;
    private long lastStep = -1;
    // per-row state: the stats touched by this row get its step once the whole row is read
    private KeyStats[] touched = new KeyStats[16];
    private int touchedCount;
    private long rowStep;
    private Map<String, Object> row;

    public static MetricsSummary of(Path file) throws IOException {
        MetricsSummary s = new MetricsSummary();
        try (InputStream in = Files.newInputStream(file)) {
            s.accept(in, null);
        }
        return s;
    }

    /** Reads every JSON object of a stream; each parsed row also goes to {@code rowSink} when given. */
    public void accept(InputStream in, Consumer<Map<String, Object>> rowSink) throws IOException {
        try (JsonParser p = FACTORY.createParser(in)) {
            accept(p, rowSink);
        }
    }

    public void accept(byte[] bytes, int off, int len, Consumer<Map<String, Object>> rowSink) throws IOException {
        try (JsonParser p = FACTORY.createParser(bytes, off, len)) {
            accept(p, rowSink);
        }
    }

    private void accept(JsonParser p, Consumer<Map<String, Object>> rowSink) throws IOException {
        JsonToken t;
        while ((t = p.nextToken()) != null) {
            if (t != JsonToken.START_OBJECT) {
                throw new IOException("metrics line " + (rows + 1) + " is not a JSON object");
            }
            row(p, rowSink);
        }
    }

    private void row(JsonParser p, Consumer<Map<String, Object>> rowSink) throws IOException {
        touchedCount = 0;
        rowStep = -1;
        row = rowSink == null ? null : new LinkedHashMap<>();
        readObject(p, null);
        long step = rowStep >= 0 ? rowStep : rows; // W&B default: the row index
        for (int i = 0; i < touchedCount; i++) {
            touched[i].lastStep = step;
        }
        rows++;
        lastStep = Math.max(lastStep, step);
        if (row != null) {
            row.put("_step", step);
            rowSink.accept(row);
        }
    }

    private KeyStats stats(String name) {
        KeyStats st = keys.get(name);
        if (st == null) {
            st = new KeyStats();
            keys.put(name, st);
        }
        if (touchedCount == touched.length) {
            touched = java.util.Arrays.copyOf(touched, touchedCount * 2);
        }
        touched[touchedCount++] = st;
        return st;
    }

    private void readObject(JsonParser p, String prefix) throws IOException {
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String name = prefix == null ? p.currentName() : prefix + "." + p.currentName();
            JsonToken v = p.nextToken();
            switch (v) {
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                    double d = p.getDoubleValue();
                    stats(name).number(d);
                    if (prefix == null && "_step".equals(name)) {
                        rowStep = (long) d;
                    } else if (row != null) {
                        row.put(name, d);
                    }
                }
                case VALUE_STRING -> {
                    String text = p.getText();
                    stats(name).other(text);
                    if (row != null) {
                        row.put(name, text);
                    }
                }
                case VALUE_TRUE, VALUE_FALSE -> {
                    stats(name).other(v == JsonToken.VALUE_TRUE);
                    if (row != null) {
                        row.put(name, v == JsonToken.VALUE_TRUE);
                    }
                }
                case START_OBJECT -> readObject(p, name);
                case START_ARRAY -> p.skipChildren();
                default -> {} // null: W&B treats it as not logged
            }
        }
        if (t != JsonToken.END_OBJECT) {
            throw new IOException("malformed metrics row near line " + (rows + 1));
        }
    }

    public long rows() {
        return rows;
    }

    public long lastStep() {
        return lastStep;
    }

    /** Keys in first-seen order. */
    public Map<String, KeyStats> keys() {
        return Collections.unmodifiableMap(keys);
    }
}
