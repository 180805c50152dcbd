package org.hpckernel.tracking;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A tiny GraphQL normalizer for tests: the shape of one operation in a document, as sorted lines.
 * Comments, commas and whitespace do not count; fragment spreads are expanded in place.
 * <pre>
 * operation query Viewer
 * var $perPage: Int = 50
 * field project.artifactType.name
 * arg project entityName=$entity            (input objects with their keys sorted)
 * directive artifact.aliases @include(if=$includeAliases)
 * </pre>
 * A field under an alias is {@code alias:field}; an inline fragment is the segment {@code ...on Type}.
 * Only what the operations here use is supported (no subscriptions-specific syntax, no block strings).
 */
final class GraphqlShape {

    private final List<String> tokens = new ArrayList<>();
    private int at;
    private final Map<String, List<Object>> fragments = new HashMap<>();
    /** Operation name -> [type, variable definitions, directives, selection set]. */
    private final Map<String, Object[]> operations = new HashMap<>();

    private GraphqlShape(String document) {
        tokenize(document);
        while (at < tokens.size()) definition();
    }

    /** The shape of the operation {@code name} in {@code document} (which may hold other operations and fragments). */
    static TreeSet<String> of(String document, String name) {
        GraphqlShape g = new GraphqlShape(document);
        Object[] op = g.operations.get(name);
        if (op == null)
            throw new IllegalArgumentException(
                    "no operation " + name + " in the document; it has " + g.operations.keySet());
        TreeSet<String> out = new TreeSet<>();
        out.add("operation " + op[0] + " " + name);
        @SuppressWarnings("unchecked")
        List<String> vars = (List<String>) op[1];
        vars.forEach(v -> out.add("var " + v));
        @SuppressWarnings("unchecked")
        List<Object> sel = (List<Object>) op[3];
        g.walk(sel, "", out, new ArrayList<>());
        return out;
    }

    /** The names of the operations in a document, in order of appearance is not kept. */
    static java.util.Set<String> operationNames(String document) {
        return new GraphqlShape(document).operations.keySet();
    }

    // ------------------------------------------------------------ lexing

    private void tokenize(String s) {
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c) || c == ',' || c == '\uFEFF') {
                i++;
                continue;
            }
            if (c == '#') {
                while (i < s.length() && s.charAt(i) != '\n' && s.charAt(i) != '\r') i++;
                continue;
            }
            if (s.startsWith("...", i)) {
                tokens.add("...");
                i += 3;
                continue;
            }
            if ("!$()&:=@[]{}|".indexOf(c) >= 0) {
                tokens.add(String.valueOf(c));
                i++;
                continue;
            }
            if (c == '"') {
                int j = i + 1;
                while (s.charAt(j) != '"') j += s.charAt(j) == '\\' ? 2 : 1;
                tokens.add(s.substring(i, j + 1));
                i = j + 1;
                continue;
            }
            if (Character.isLetterOrDigit(c) || c == '_' || c == '-') {
                int j = i;
                while (j < s.length() && (Character.isLetterOrDigit(s.charAt(j)) || "_.-+".indexOf(s.charAt(j)) >= 0))
                    j++;
                tokens.add(s.substring(i, j));
                i = j;
                continue;
            }
            throw new IllegalArgumentException("unexpected character '" + c + "' at " + i);
        }
    }

    private String peek() {
        return at < tokens.size() ? tokens.get(at) : "";
    }

    private String next() {
        if (at >= tokens.size()) throw new IllegalArgumentException("document ends early");
        return tokens.get(at++);
    }

    private void expect(String t) {
        String got = next();
        if (!got.equals(t))
            throw new IllegalArgumentException("expected " + t + " but found " + got + " (token " + (at - 1) + ")");
    }

    // ------------------------------------------------------------ parsing

    private void definition() {
        String kw = peek();
        if (kw.equals("fragment")) {
            next();
            String name = next();
            expect("on");
            next();
            directives();
            fragments.put(name, selectionSet());
            return;
        }
        String type = "query";
        String name = "";
        List<String> vars = new ArrayList<>();
        if (!kw.equals("{")) {
            type = next();
            if (!List.of("query", "mutation", "subscription").contains(type))
                throw new IllegalArgumentException("not an operation: " + type);
            if (!peek().equals("(") && !peek().equals("{") && !peek().equals("@")) name = next();
            if (peek().equals("(")) {
                next();
                while (!peek().equals(")")) {
                    expect("$");
                    String v = "$" + next();
                    expect(":");
                    String t = type();
                    String def = "";
                    if (peek().equals("=")) {
                        next();
                        def = " = " + value();
                    }
                    directives();
                    vars.add(v + ": " + t + def);
                }
                next();
            }
        }
        List<String> dirs = directives();
        operations.put(name, new Object[] {type, vars, dirs, selectionSet()});
    }

    private String type() {
        String t;
        if (peek().equals("[")) {
            next();
            t = "[" + type() + "]";
            expect("]");
        } else t = next();
        if (peek().equals("!")) {
            next();
            t += "!";
        }
        return t;
    }

    /** A value, compact: $var, literals as written, objects with sorted keys. */
    private String value() {
        String t = next();
        switch (t) {
            case "$":
                return "$" + next();
            case "[": {
                List<String> items = new ArrayList<>();
                while (!peek().equals("]")) items.add(value());
                next();
                return "[" + String.join(",", items) + "]";
            }
            case "{": {
                TreeMap<String, String> fields = new TreeMap<>();
                while (!peek().equals("}")) {
                    String k = next();
                    expect(":");
                    fields.put(k, value());
                }
                next();
                List<String> kv = new ArrayList<>();
                fields.forEach((k, v) -> kv.add(k + ":" + v));
                return "{" + String.join(",", kv) + "}";
            }
            default:
                return t;
        }
    }

    private TreeMap<String, String> arguments() {
        TreeMap<String, String> args = new TreeMap<>();
        if (!peek().equals("(")) return args;
        next();
        while (!peek().equals(")")) {
            String k = next();
            expect(":");
            args.put(k, value());
        }
        next();
        return args;
    }

    private List<String> directives() {
        List<String> out = new ArrayList<>();
        while (peek().equals("@")) {
            next();
            String name = next();
            List<String> kv = new ArrayList<>();
            arguments().forEach((k, v) -> kv.add(k + "=" + v));
            out.add("@" + name + (kv.isEmpty() ? "" : "(" + String.join(",", kv) + ")"));
        }
        return out;
    }

    /** Items: Field records, or String fragment names (spreads). */
    private record Field(
            String segment, TreeMap<String, String> args, List<String> directives, List<Object> selection) {}

    private record Spread(String fragment, List<String> directives) {}

    private List<Object> selectionSet() {
        expect("{");
        List<Object> out = new ArrayList<>();
        while (!peek().equals("}")) {
            if (peek().equals("...")) {
                next();
                if (peek().equals("on") || peek().equals("{") || peek().equals("@")) {
                    String seg = "...";
                    if (peek().equals("on")) {
                        next();
                        seg = "...on " + next();
                    }
                    List<String> d = directives();
                    out.add(new Field(seg, new TreeMap<>(), d, selectionSet()));
                } else {
                    String f = next();
                    out.add(new Spread(f, directives()));
                }
                continue;
            }
            String first = next();
            String seg = first;
            if (peek().equals(":")) {
                next();
                seg = first + ":" + next();
            }
            TreeMap<String, String> args = arguments();
            List<String> d = directives();
            List<Object> sel = peek().equals("{") ? selectionSet() : List.of();
            out.add(new Field(seg, args, d, sel));
        }
        next();
        return out;
    }

    private void walk(List<Object> sel, String prefix, TreeSet<String> out, List<String> expanding) {
        for (Object o : sel) {
            if (o instanceof Spread s) {
                if (!s.directives().isEmpty())
                    throw new IllegalArgumentException("directives on a fragment spread are not supported");
                List<Object> f = fragments.get(s.fragment());
                if (f == null) throw new IllegalArgumentException("unknown fragment " + s.fragment());
                if (expanding.contains(s.fragment()))
                    throw new IllegalArgumentException("fragment cycle at " + s.fragment());
                expanding.add(s.fragment());
                walk(f, prefix, out, expanding);
                expanding.remove(expanding.size() - 1);
                continue;
            }
            Field f = (Field) o;
            String path = prefix.isEmpty() ? f.segment() : prefix + "." + f.segment();
            out.add("field " + path);
            f.args().forEach((k, v) -> out.add("arg " + path + " " + k + "=" + v));
            f.directives().forEach(d -> out.add("directive " + path + " " + d));
            walk(f.selection(), path, out, expanding);
        }
    }
}
