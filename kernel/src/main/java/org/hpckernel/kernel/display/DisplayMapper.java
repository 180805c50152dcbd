package org.hpckernel.kernel.display;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import java.awt.image.RenderedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.hpckernel.render.Png;
import org.hpckernel.render.Renderers;
import org.hpckernel.render.Rendering;
import org.hpckernel.render.TableView;
import tech.tablesaw.api.Table;

/**
 * The one place where plain values become MIME bundles, through the shared {@link Renderers}
 * registry: tables add text/html, charts and images image/png, JSON application/json, and a cell's
 * own renderers whatever they say. A value no renderer takes is shown as its text.
 */
public final class DisplayMapper {

    private static final ObjectMapper JSON = org.hpckernel.Json.plain();

    static {
        Renderers.shared()
                .register(Table.class, t -> Rendering.html(TableView.html(t), TableView.text(t)))
                .register(Png.class, png -> Rendering.png(png.bytes(), png.altText()))
                .register(
                        RenderedImage.class,
                        i -> Rendering.png(encodePng(i), "image " + i.getWidth() + "x" + i.getHeight()))
                .register(
                        JsonNode.class,
                        j -> Rendering.text(prettyJson(j))
                                .with("application/json", JSON.convertValue(j, Object.class)));
    }

    private DisplayMapper() {}

    /** The bundle for {@code value}, or empty when there is nothing to show (null). */
    public static Optional<DisplayData> toDisplay(Object value) {
        if (value == null) {
            return Optional.empty();
        }
        if (value instanceof DisplayData data) {
            return Optional.of(data);
        }
        return Optional.of(Renderers.shared()
                .render(value)
                .map(DisplayMapper::bundle)
                .orElseGet(() -> new DisplayData(String.valueOf(value))));
    }

    private static DisplayData bundle(Rendering r) {
        DisplayData data = new DisplayData(r.text());
        for (Map.Entry<String, Object> e : r.data().entrySet()) {
            if (!e.getKey().equals(Rendering.TEXT)) {
                data.putData(e.getKey(), e.getValue());
            }
        }
        return data;
    }

    private static byte[] encodePng(RenderedImage image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static String prettyJson(JsonNode json) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(json);
        } catch (JsonProcessingException e) {
            return json.toString();
        }
    }
}
