package org.hpckernel.kernel.display;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import org.hpckernel.magic.Png;
import org.hpckernel.render.TableView;
import tech.tablesaw.api.Table;

import javax.imageio.ImageIO;
import java.awt.image.RenderedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.Optional;

/**
 * The one place where plain values become MIME bundles. Every bundle has text/plain; tables add
 * text/html, charts image/png, JSON application/json. Magics and cells return plain values only.
 */
public final class DisplayMapper {

    private static final ObjectMapper JSON = new ObjectMapper();

    private DisplayMapper() {
    }

    /** The bundle for {@code value}, or empty when there is nothing to show (null). */
    public static Optional<DisplayData> toDisplay(Object value) {
        if (value == null) {
            return Optional.empty();
        }
        if (value instanceof DisplayData data) {
            return Optional.of(data);
        }
        if (value instanceof Table table) {
            DisplayData data = new DisplayData(TableView.text(table));
            data.putHTML(TableView.html(table));
            return Optional.of(data);
        }
        if (value instanceof Png png) {
            return Optional.of(image(png.bytes(), png.altText()));
        }
        if (value instanceof RenderedImage image) {
            return Optional.of(image(encodePng(image), "image " + image.getWidth() + "x" + image.getHeight()));
        }
        if (value instanceof JsonNode json) {
            DisplayData data = new DisplayData(prettyJson(json));
            data.putData("application/json", JSON.convertValue(json, Object.class));
            return Optional.of(data);
        }
        return Optional.of(new DisplayData(String.valueOf(value)));
    }

    private static DisplayData image(byte[] png, String alt) {
        DisplayData data = new DisplayData(alt == null || alt.isBlank() ? "<image/png>" : alt);
        data.putData("image/png", Base64.getEncoder().encodeToString(png));
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
