package org.hpckernel.tracking;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonReadFeature;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
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
        Object last;
        long lastStep = -1;

        public long count() { return count; }
        public double min() { return min; }
        public double max() { return max; }
        public Object last() { return last; }
        public long lastStep() { return lastStep; }

        void number(double v, long step) {
            if (!Double.isNaN(v)) { // NaN is logged (counted, last) but does not poison min/max
                if (Double.isNaN(min) || v < min) {
                    min = v;
                }
                if (Double.isNaN(max) || v > max) {
                    max = v;
                }
            }
            count++;
            last = v;
            lastStep = step;
        }

        void other(Object v, long step) {
            count++;
            last = v;
            lastStep = step;
        }
    }

    static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS) // Python's json.dumps writes NaN / Infinity
            .build();

    private final Map<String, KeyStats> keys = new LinkedHashMap<>();
    private long rows;
    private long lastStep = -1;
    private final List<Double> scratch = new ArrayList<>();
    private final List<String> scratchKeys = new ArrayList<>();
    private final List<Object> scratchOther = new ArrayList<>();
    private final List<String> scratchOtherKeys = new ArrayList<>();

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
        scratch.clear();
        scratchKeys.clear();
        scratchOther.clear();
        scratchOtherKeys.clear();
        long step = -1;
        readObject(p, null);
        for (int i = 0; i < scratchKeys.size(); i++) {
            if ("_step".equals(scratchKeys.get(i))) {
                step = scratch.get(i).longValue();
            }
        }
        if (step < 0) {
            step = rows; // W&B default: the row index
        }
        Map<String, Object> row = rowSink == null ? null : new LinkedHashMap<>();
        if (row != null) {
            row.put("_step", step);
        }
        for (int i = 0; i < scratchKeys.size(); i++) {
            String k = scratchKeys.get(i);
            keys.computeIfAbsent(k, x -> new KeyStats()).number(scratch.get(i), step);
            if (row != null && !"_step".equals(k)) {
                row.put(k, scratch.get(i));
            }
        }
        for (int i = 0; i < scratchOtherKeys.size(); i++) {
            String k = scratchOtherKeys.get(i);
            keys.computeIfAbsent(k, x -> new KeyStats()).other(scratchOther.get(i), step);
            if (row != null) {
                row.put(k, scratchOther.get(i));
            }
        }
        rows++;
        lastStep = Math.max(lastStep, step);
        if (row != null) {
            rowSink.accept(row);
        }
    }

    private void readObject(JsonParser p, String prefix) throws IOException {
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String name = prefix == null ? p.currentName() : prefix + "." + p.currentName();
            JsonToken v = p.nextToken();
            switch (v) {
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                    scratchKeys.add(name);
                    scratch.add(p.getDoubleValue());
                }
                case VALUE_STRING -> {
                    scratchOtherKeys.add(name);
                    scratchOther.add(p.getText());
                }
                case VALUE_TRUE, VALUE_FALSE -> {
                    scratchOtherKeys.add(name);
                    scratchOther.add(v == JsonToken.VALUE_TRUE);
                }
                case START_OBJECT -> readObject(p, name);
                case START_ARRAY -> p.skipChildren();
                default -> { } // null: W&B treats it as not logged
            }
        }
        if (t != JsonToken.END_OBJECT) {
            throw new IOException("malformed metrics row near line " + (rows + 1));
        }
    }

    public long rows() { return rows; }

    public long lastStep() { return lastStep; }

    /** Keys in first-seen order. */
    public Map<String, KeyStats> keys() { return Collections.unmodifiableMap(keys); }
}
