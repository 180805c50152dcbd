package org.hpckernel.render;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A value as the front end shows it: MIME type to data, text/plain always present (every front end
 * can show it; the notebook picks the richest type it knows). Immutable.
 */
public record Rendering(Map<String, Object> data) {

    public static final String TEXT = "text/plain";

    public Rendering {
        if (!(data.get(TEXT) instanceof String)) {
            throw new IllegalArgumentException(
                    "a rendering needs text/plain (what a terminal front end shows), got " + data.keySet());
        }
        data = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(data));
    }

    public static Rendering text(String text) {
        return new Rendering(Map.of(TEXT, text));
    }

    public static Rendering html(String html, String text) {
        return text(text).with("text/html", html);
    }

    public static Rendering markdown(String markdown) {
        return text(markdown).with("text/markdown", markdown);
    }

    /** PNG bytes as the notebook format stores them (base64), with a text alternative. */
    public static Rendering png(byte[] png, String alt) {
        return text(alt == null || alt.isBlank() ? "<image/png>" : alt)
                .with("image/png", Base64.getEncoder().encodeToString(png));
    }

    /** This rendering with one more MIME type (replacing that type's data if it had it). */
    public Rendering with(String mimeType, Object value) {
        Map<String, Object> next = new LinkedHashMap<>(data);
        next.put(mimeType, value);
        return new Rendering(next);
    }

    public String text() {
        return (String) data.get(TEXT);
    }
}
