package org.hpckernel.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a JShell documentation signature names, for looking its doc comment up in a library's
 * sources: {@code double FastMath.sqrt(double a)} is method {@code sqrt(double)} of {@code FastMath},
 * {@code FastMath.PI:double} a field, {@code org.x.MersenneTwister(int seed)} a constructor,
 * {@code org.x.FastMath} a type. The owner may be a simple name, as the cell's imports let JShell print it.
 *
 * @param member null for a type, {@code <init>} for a constructor
 * @param params null for a type or field
 */
record DocTarget(String owner, String member, List<String> params) {

    private static final Pattern TYPE = Pattern.compile("[\\w$.]+");
    private static final Pattern FIELD = Pattern.compile("([\\w$.]+)\\.([\\w$]+):.+");

    static Optional<DocTarget> of(String signature) {
        String s = signature.strip();
        if (TYPE.matcher(s).matches())
            return s.contains(".") || Character.isUpperCase(s.charAt(0))
                    ? Optional.of(new DocTarget(s, null, null))
                    : Optional.empty();
        Matcher field = FIELD.matcher(s);
        if (field.matches()) return Optional.of(new DocTarget(field.group(1), field.group(2), null));
        int open = s.indexOf('(');
        if (open < 0 || !s.endsWith(")"))
            return Optional.empty(); // a variable ("r:Type") documents nothing of a library's own
        int start = qualifiedNameBefore(s, open);
        String name = s.substring(start, open);
        if (start > 1 && s.charAt(start - 1) == '>') {
            // a generic method of a class without parameter names: Owner.<T>name(...)
            int typeParams = s.lastIndexOf('<', start - 1);
            if (typeParams < 1 || s.charAt(typeParams - 1) != '.') return Optional.empty();
            int ownerStart = qualifiedNameBefore(s, typeParams - 1);
            return Optional.of(new DocTarget(
                    s.substring(ownerStart, typeParams - 1),
                    name,
                    parameterTypes(s.substring(open + 1, s.length() - 1))));
        }
        String qualified = name;
        int dot = qualified.lastIndexOf('.');
        List<String> params = parameterTypes(s.substring(open + 1, s.length() - 1));
        if (start == 0) {
            // no return type: a constructor, named by its class
            return Optional.of(new DocTarget(qualified, "<init>", params));
        }
        if (dot < 0) return Optional.empty();
        return Optional.of(new DocTarget(qualified.substring(0, dot), qualified.substring(dot + 1), params));
    }

    private static int qualifiedNameBefore(String s, int end) {
        int start = end;
        while (start > 0 && (Character.isJavaIdentifierPart(s.charAt(start - 1)) || s.charAt(start - 1) == '.'))
            start--;
        return start;
    }

    /** "Map<String, Integer> m, int... xs" -> [Map<String, Integer>, int...]: commas inside type arguments are not separators. */
    private static List<String> parameterTypes(String list) {
        List<String> out = new ArrayList<>();
        if (list.isBlank()) return out;
        int depth = 0;
        int from = 0;
        for (int i = 0; i <= list.length(); i++) {
            char c = i < list.length() ? list.charAt(i) : ',';
            if (c == '<') depth++;
            if (c == '>') depth--;
            if (c == ',' && depth == 0) {
                String param = list.substring(from, i).strip();
                int space = lastSpaceOutsideTypeArguments(param);
                out.add(space < 0 ? param : param.substring(0, space).strip());
                from = i + 1;
            }
        }
        return out;
    }

    private static int lastSpaceOutsideTypeArguments(String param) {
        int depth = 0;
        int last = -1;
        for (int i = 0; i < param.length(); i++) {
            char c = param.charAt(i);
            if (c == '<') depth++;
            if (c == '>') depth--;
            if (c == ' ' && depth == 0) last = i;
        }
        return last;
    }
}
