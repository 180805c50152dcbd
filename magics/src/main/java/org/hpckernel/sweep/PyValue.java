package org.hpckernel.sweep;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;

/**
 * Values written as Python writes them, because W&B's agent builds a trial's arguments with
 * {@code f"{name}={value}"} and {@code json.dumps}: {@code str()} ({@code 0.0001}, {@code 1e-05},
 * {@code True}, {@code None}, {@code {'lr': 0.001}}), {@code repr()} for items inside lists and dicts,
 * and {@code json.dumps} with its default separators and ASCII escapes. Values are the plain Java
 * objects of a trial: Double, Long/Integer, String, Boolean, null, List, Map.
 */
public final class PyValue {

    private PyValue() {}

    /** Python's {@code str(value)}. */
    public static String str(Object v) {
        return v instanceof String s ? s : repr(v);
    }

    /** Python's {@code repr(value)}. */
    public static String repr(Object v) {
        if (v == null) return "None";
        if (v instanceof Boolean b) return b ? "True" : "False";
        if (v instanceof Double || v instanceof Float) return floatRepr(((Number) v).doubleValue());
        if (v instanceof Number n) return n.toString();
        if (v instanceof String s) return stringRepr(s);
        if (v instanceof List<?> l) {
            StringBuilder b = new StringBuilder("[");
            for (int i = 0; i < l.size(); i++) b.append(i > 0 ? ", " : "").append(repr(l.get(i)));
            return b.append(']').toString();
        }
        if (v instanceof Map<?, ?> m) {
            StringBuilder b = new StringBuilder("{");
            boolean first = true;
            for (var e : m.entrySet()) {
                b.append(first ? "" : ", ")
                        .append(repr(e.getKey()))
                        .append(": ")
                        .append(repr(e.getValue()));
                first = false;
            }
            return b.append('}').toString();
        }
        return stringRepr(v.toString());
    }

    /** Python's {@code json.dumps(value)}: ", " and ": " separators, non-ASCII as \\uXXXX, NaN/Infinity as Python writes them. */
    public static String jsonDumps(Object v) {
        return json(v, false);
    }

    /**
     * JSON that PyYAML also reads with the same types: a float always has a dot before its exponent
     * ({@code 1.0e-05}; PyYAML reads {@code 1e-05} as a string), as PyYAML's own representer writes it.
     */
    public static String yamlSafeJson(Object v) {
        return json(v, true);
    }

    private static String json(Object v, boolean yaml) {
        if (v == null) return "null";
        if (v instanceof Boolean b) return b ? "true" : "false";
        if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            if (Double.isNaN(d)) return yaml ? ".nan" : "NaN";
            if (Double.isInfinite(d)) return yaml ? (d > 0 ? ".inf" : "-.inf") : (d > 0 ? "Infinity" : "-Infinity");
            String r = floatRepr(d);
            if (yaml && r.contains("e") && !r.contains(".")) r = r.replace("e", ".0e");
            return r;
        }
        if (v instanceof Number n) return n.toString();
        if (v instanceof List<?> l) {
            StringBuilder b = new StringBuilder("[");
            for (int i = 0; i < l.size(); i++) b.append(i > 0 ? ", " : "").append(json(l.get(i), yaml));
            return b.append(']').toString();
        }
        if (v instanceof Map<?, ?> m) {
            StringBuilder b = new StringBuilder("{");
            boolean first = true;
            for (var e : m.entrySet()) {
                b.append(first ? "" : ", ")
                        .append(jsonString(String.valueOf(e.getKey())))
                        .append(": ")
                        .append(json(e.getValue(), yaml));
                first = false;
            }
            return b.append('}').toString();
        }
        return jsonString(v.toString());
    }

    private static String jsonString(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case '\b' -> b.append("\\b");
                case '\f' -> b.append("\\f");
                default -> {
                    if (c < 0x20 || c > 0x7e) b.append(String.format("\\u%04x", (int) c));
                    else b.append(c);
                }
            }
        }
        return b.append('"').toString();
    }

    /** Python's string repr: single quotes unless the text has ' and no ", escapes for \\ and control characters. */
    static String stringRepr(String s) {
        char q = s.indexOf('\'') >= 0 && s.indexOf('"') < 0 ? '"' : '\'';
        StringBuilder b = new StringBuilder().append(q);
        for (int i = 0; i < s.length(); ) {
            int c = s.codePointAt(i);
            i += Character.charCount(c);
            if (c == q || c == '\\') b.append('\\').appendCodePoint(c);
            else if (c == '\n') b.append("\\n");
            else if (c == '\r') b.append("\\r");
            else if (c == '\t') b.append("\\t");
            else if (c < 0x20 || c == 0x7f) b.append(String.format("\\x%02x", c));
            else if (c >= 0x80 && !printable(c)) {
                if (c <= 0xff) b.append(String.format("\\x%02x", c));
                else if (c <= 0xffff) b.append(String.format("\\u%04x", c));
                else b.append(String.format("\\U%08x", c));
            } else b.appendCodePoint(c);
        }
        return b.append(q).toString();
    }

    /** Close to Python's str.isprintable for non-ASCII: letters, marks, numbers, punctuation, symbols; not separators other than ' '. */
    private static boolean printable(int c) {
        int t = Character.getType(c);
        return !(t == Character.CONTROL
                || t == Character.FORMAT
                || t == Character.SURROGATE
                || t == Character.PRIVATE_USE
                || t == Character.UNASSIGNED
                || t == Character.LINE_SEPARATOR
                || t == Character.PARAGRAPH_SEPARATOR
                || t == Character.SPACE_SEPARATOR);
    }

    /**
     * Python's float repr: the shortest digits that read back as the same double (the nearest such when
     * several), in fixed notation for exponents -4..15 and as {@code 1e-05} / {@code 1.5e+16} otherwise.
     */
    public static String floatRepr(double d) {
        if (Double.isNaN(d)) return "nan";
        if (Double.isInfinite(d)) return d > 0 ? "inf" : "-inf";
        if (d == 0) return (1 / d < 0) ? "-0.0" : "0.0";
        BigDecimal exact = new BigDecimal(d);
        BigDecimal shortest = exact;
        for (int p = 1; p <= 17; p++) {
            BigDecimal r = exact.round(new MathContext(p, RoundingMode.HALF_EVEN));
            if (r.doubleValue() == d) {
                shortest = r;
                break;
            }
        }
        String digits = shortest.unscaledValue().abs().toString().replaceAll("0+$", "");
        if (digits.isEmpty()) digits = "0";
        // value = 0.digits x 10^decpt
        int decpt = shortest.precision() - shortest.scale();
        String sign = d < 0 ? "-" : "";
        int exp = decpt - 1;
        if (exp < -4 || exp >= 16) {
            String mant = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            return sign + mant + "e" + (exp < 0 ? "-" : "+") + (Math.abs(exp) < 10 ? "0" : "") + Math.abs(exp);
        }
        if (decpt <= 0) return sign + "0." + "0".repeat(-decpt) + digits;
        if (decpt >= digits.length()) return sign + digits + "0".repeat(decpt - digits.length()) + ".0";
        return sign + digits.substring(0, decpt) + "." + digits.substring(decpt);
    }
}
