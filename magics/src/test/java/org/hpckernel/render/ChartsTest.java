package org.hpckernel.render;

import org.hpckernel.magic.Png;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChartsTest {

    @Test
    void overlaidLinesRenderAsAPng() throws Exception {
        Map<String, double[][]> series = new LinkedHashMap<>();
        series.put("job 1", new double[][] {{0, 1, 2, 3, 4}, {2.3, 1.5, 1.1, 0.9, 0.8}});
        series.put("job 2", new double[][] {{0, 1, 2, 3, 4}, {2.2, 1.9, 1.4, 1.2, 1.0}});
        Png png = Charts.lines("loss", "step", "loss", series);
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png.bytes()));
        assertEquals(720, image.getWidth());
        assertEquals(400, image.getHeight());
        assertTrue(png.altText().contains("2 series, 10 points"), png.altText());
    }

    @Test
    void scatterRendersAsAPng() throws Exception {
        Png png = Charts.scatter("lr vs loss", "lr", "loss", Map.of("trials", new double[][] {{0.1, 0.01, 0.001}, {1, 0.5, 0.7}}));
        assertTrue(ImageIO.read(new ByteArrayInputStream(png.bytes())).getWidth() > 0);
    }
}
