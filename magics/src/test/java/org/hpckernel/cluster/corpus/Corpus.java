package org.hpckernel.cluster.corpus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The batch-script corpus under src/test/resources/corpus: our own scripts written in the directive
 * forms of real ones (SOURCES.md lists each source), with what each asks for in expected.json.
 */
final class Corpus {

    private Corpus() {}

    record Entry(String file, String scheduler, JsonNode expected, String script) {

        String text(String field) {
            JsonNode n = expected.get(field);
            return n == null || n.isNull() ? null : n.asText();
        }

        boolean runnable() {
            return expected.path("runnable").asBoolean(false);
        }

        @Override
        public String toString() {
            return file;
        }
    }

    static List<Entry> entries() {
        try (InputStream in = Corpus.class.getResourceAsStream("/corpus/expected.json")) {
            JsonNode all = new ObjectMapper().readTree(in);
            List<Entry> out = new ArrayList<>();
            for (JsonNode e : all) {
                String file = e.get("file").asText();
                try (InputStream s = Corpus.class.getResourceAsStream("/corpus/" + file)) {
                    if (s == null) {
                        throw new IllegalStateException("corpus file missing: " + file);
                    }
                    out.add(new Entry(
                            file,
                            e.get("scheduler").asText(),
                            e,
                            new String(s.readAllBytes(), StandardCharsets.UTF_8)));
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
