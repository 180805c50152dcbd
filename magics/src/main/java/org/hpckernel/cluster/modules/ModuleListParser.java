package org.hpckernel.cluster.modules;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the terse listings of Lmod ({@code module -t spider}, {@code module -t -d avail}) and
 * Environment Modules ({@code module avail -t [-d]}): a {@code path:} line per module folder, a
 * {@code name/} line per name (Lmod), then one {@code name/version} per line, maybe with markers
 * such as {@code (default)} or {@code (D)}. Lines with blanks are messages (errors, cache notes).
 */
public final class ModuleListParser {

    private ModuleListParser() {}

    /**
     * The modules in {@code all}; the default of each name is the one {@code defaults} lists (the
     * {@code -d} listing), else one marked default, else the highest version, as Lmod picks.
     */
    public static List<Module> parse(String all, String defaults) {
        Map<String, List<String>> versions = new LinkedHashMap<>();
        Set<String> marked = new LinkedHashSet<>();
        for (String entry : entries(all, marked)) {
            int slash = entry.lastIndexOf('/');
            String name = slash < 0 ? entry : entry.substring(0, slash);
            String version = slash < 0 ? "" : entry.substring(slash + 1);
            List<String> vs = versions.computeIfAbsent(name, n -> new ArrayList<>());
            if (!vs.contains(version)) {
                vs.add(version);
            }
        }
        List<String> listed = entries(defaults, marked);
        // a -d the module system does not know may print every version: such a listing says nothing
        if (listed.stream()
                        .map(e -> e.contains("/") ? e.substring(0, e.lastIndexOf('/')) : e)
                        .distinct()
                        .count()
                == listed.size()) {
            marked.addAll(listed);
        }
        List<Module> out = new ArrayList<>();
        versions.forEach((name, vs) -> {
            Optional<String> chosen = vs.stream()
                    .filter(v -> marked.contains(v.isEmpty() ? name : name + "/" + v))
                    .findFirst()
                    .or(() -> vs.stream().max(ModuleListParser::compareVersions));
            vs.stream()
                    .sorted(ModuleListParser::compareVersions)
                    .forEach(v -> out.add(new Module(
                            name, v, vs.size() == 1 || chosen.map(v::equals).orElse(false))));
        });
        return out;
    }

    /** The {@code name/version} entries of a listing; those carrying a default marker are added to {@code marked}. */
    static List<String> entries(String listing, Set<String> marked) {
        List<String> out = new ArrayList<>();
        for (String raw : listing.split("\n")) {
            String line = raw.strip();
            boolean isDefault = false;
            // Environment Modules: foo/1.2(default), foo/1.2(default:stable); Lmod's long form: foo/1.2 (D)
            int paren = line.indexOf('(');
            if (paren > 0 && line.endsWith(")")) {
                String marks = line.substring(paren + 1, line.length() - 1);
                isDefault = marks.equals("D") || marks.matches("(.*[:,])?default([:,].*)?");
                line = line.substring(0, paren).strip();
            }
            if (line.isEmpty()
                    || line.endsWith(":")
                    || line.endsWith("/")
                    || line.chars().anyMatch(Character::isWhitespace)
                    || line.startsWith("@@")
                    || line.startsWith("-")) {
                continue; // a folder, a name's own line, a message, a rule
            }
            out.add(line);
            if (isDefault) {
                marked.add(line);
            }
        }
        return out;
    }

    /** {@code 3.10} after {@code 3.9}: digit runs compare as numbers, the rest as text. */
    static int compareVersions(String a, String b) {
        List<String> x = chunks(a);
        List<String> y = chunks(b);
        for (int i = 0; i < Math.min(x.size(), y.size()); i++) {
            String p = x.get(i);
            String q = y.get(i);
            boolean pn = Character.isDigit(p.charAt(0));
            boolean qn = Character.isDigit(q.charAt(0));
            int c = pn && qn
                    ? new java.math.BigInteger(p).compareTo(new java.math.BigInteger(q))
                    : pn != qn ? (pn ? 1 : -1) : p.compareTo(q);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(x.size(), y.size());
    }

    private static List<String> chunks(String v) {
        List<String> out = new ArrayList<>();
        java.util.regex.Matcher m =
                java.util.regex.Pattern.compile("\\d+|[^\\d]+").matcher(v);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }
}
