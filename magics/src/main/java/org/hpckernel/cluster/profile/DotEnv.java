package org.hpckernel.cluster.profile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.AbstractMap;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A notebook folder's {@code .env} file (HPC-Ops' convention: RESOURCE_GROUP, WANDB_APIKEY):
 * {@code KEY=VALUE} lines, an optional {@code export}, single or double quotes, comments. Values
 * are secrets until proven otherwise: the map's {@code toString} shows only the names, so a cell
 * that returns it does not print a key.
 */
public final class DotEnv {

    private DotEnv() {}

    /** The folder's {@code .env}; empty when there is none. Lines that are not assignments are skipped. */
    public static Map<String, String> read(Path folder) throws IOException {
        Path file = folder.resolve(".env");
        Map<String, String> values = new LinkedHashMap<>();
        if (Files.isRegularFile(file)) {
            for (String raw : Files.readAllLines(file)) {
                parseLine(raw, values);
            }
        }
        return new Masked(Collections.unmodifiableMap(values));
    }

    private static void parseLine(String raw, Map<String, String> into) {
        String line = raw.strip();
        if (line.isEmpty() || line.startsWith("#")) {
            return;
        }
        if (line.startsWith("export ") || line.startsWith("export\t")) {
            line = line.substring(7).strip();
        }
        int eq = line.indexOf('=');
        if (eq <= 0) {
            return;
        }
        String key = line.substring(0, eq).strip();
        if (!key.matches("[A-Za-z_][A-Za-z0-9_.]*")) {
            return;
        }
        String rest = line.substring(eq + 1).strip();
        into.put(key, value(rest));
    }

    private static String value(String rest) {
        if (rest.startsWith("'")) {
            // single quotes: literal up to the next quote, as in sh
            int end = rest.indexOf('\'', 1);
            return end < 0 ? rest.substring(1) : rest.substring(1, end);
        }
        if (rest.startsWith("\"")) {
            StringBuilder out = new StringBuilder();
            for (int i = 1; i < rest.length(); i++) {
                char c = rest.charAt(i);
                if (c == '"') {
                    break;
                }
                if (c == '\\' && i + 1 < rest.length()) {
                    char next = rest.charAt(++i);
                    out.append(next == 'n' ? '\n' : next == 't' ? '\t' : next);
                } else {
                    out.append(c);
                }
            }
            return out.toString();
        }
        // unquoted: a comment starts at " #"; a '#' inside a word (a URL fragment, a key) is kept
        int comment = rest.indexOf(" #");
        return (comment >= 0 ? rest.substring(0, comment) : rest).strip();
    }

    /** A read-only map that never prints its values. */
    private static final class Masked extends AbstractMap<String, String> {
        private final Map<String, String> values;

        Masked(Map<String, String> values) {
            this.values = values;
        }

        @Override
        public Set<Entry<String, String>> entrySet() {
            return values.entrySet();
        }

        @Override
        public String get(Object key) {
            return values.get(key);
        }

        @Override
        public boolean containsKey(Object key) {
            return values.containsKey(key);
        }

        @Override
        public String toString() {
            return values.keySet().stream().map(k -> k + "=***").collect(Collectors.joining(", ", ".env{", "}"));
        }
    }
}
