package org.hpckernel.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.kernel.display.mime.MIMEType;
import java.awt.image.BufferedImage;
import java.util.Base64;
import java.util.Map;
import org.hpckernel.kernel.display.DisplayMapper;
import org.hpckernel.render.Png;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

class DisplayMapperTest {

    @Test
    void nullShowsNothing() {
        assertTrue(DisplayMapper.toDisplay(null).isEmpty());
    }

    @Test
    void textIsPlainOnly() {
        DisplayData d = DisplayMapper.toDisplay("hello").orElseThrow();
        assertEquals("hello", d.getData(MIMEType.TEXT_PLAIN));
        assertNull(d.getData(MIMEType.TEXT_HTML));
    }

    @Test
    void tableIsHtmlWithPlainTextFallback() {
        Table t = Table.create("scores", IntColumn.create("a", 1, 2, 3));
        DisplayData d = DisplayMapper.toDisplay(t).orElseThrow();
        assertTrue(String.valueOf(d.getData(MIMEType.TEXT_HTML)).contains("<table"));
        assertTrue(String.valueOf(d.getData(MIMEType.TEXT_PLAIN)).contains("scores"));
    }

    @Test
    void pngIsBase64ImageWithAltText() {
        byte[] bytes = {(byte) 0x89, 'P', 'N', 'G'};
        DisplayData d = DisplayMapper.toDisplay(new Png(bytes, "loss curve")).orElseThrow();
        assertArrayEquals(bytes, Base64.getDecoder().decode(String.valueOf(d.getData(MIMEType.IMAGE_PNG))));
        assertEquals("loss curve", d.getData(MIMEType.TEXT_PLAIN));
    }

    @Test
    void bufferedImageBecomesPng() {
        DisplayData d = DisplayMapper.toDisplay(new BufferedImage(4, 3, BufferedImage.TYPE_INT_RGB))
                .orElseThrow();
        assertNotNull(d.getData(MIMEType.IMAGE_PNG));
        assertEquals("image 4x3", d.getData(MIMEType.TEXT_PLAIN));
    }

    @Test
    void jsonIsApplicationJsonAndPrettyText() throws Exception {
        var node = new ObjectMapper().readTree("{\"job\":\"42\",\"state\":\"RUNNING\"}");
        DisplayData d = DisplayMapper.toDisplay(node).orElseThrow();
        assertEquals(Map.of("job", "42", "state", "RUNNING"), d.getData(MIMEType.APPLICATION_JSON));
        assertTrue(String.valueOf(d.getData(MIMEType.TEXT_PLAIN)).contains("\"state\" : \"RUNNING\""));
        assertFalse(String.valueOf(d.getData(MIMEType.TEXT_PLAIN)).isBlank());
    }

    record Temperature(double celsius) {}

    @Test
    void aTypeRegisteredInTheSharedRegistryIsShownByItsRenderer() {
        org.hpckernel.render.Renderers.shared()
                .register(
                        Temperature.class,
                        t -> org.hpckernel.render.Rendering.html(
                                "<b>" + t.celsius() + " &deg;C</b>", t.celsius() + " C"));
        try {
            DisplayData d = DisplayMapper.toDisplay(new Temperature(21.5)).orElseThrow();
            assertEquals("<b>21.5 &deg;C</b>", d.getData(MIMEType.TEXT_HTML));
            assertEquals("21.5 C", d.getData(MIMEType.TEXT_PLAIN));
        } finally {
            org.hpckernel.render.Renderers.shared().unregister(Temperature.class);
        }
        assertEquals(
                "Temperature[celsius=3.0]",
                DisplayMapper.toDisplay(new Temperature(3)).orElseThrow().getData(MIMEType.TEXT_PLAIN));
    }
}
