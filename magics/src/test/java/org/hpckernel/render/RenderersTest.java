package org.hpckernel.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RenderersTest {

    interface Shape {}

    record Square(int side) implements Shape {}

    record Circle(int radius) implements Shape {}

    @Test
    void aValueIsRenderedByItsMostSpecificRegisteredType() {
        Renderers r = new Renderers()
                .register(Object.class, o -> Rendering.text("object"))
                .register(Shape.class, s -> Rendering.text("shape"))
                .register(Square.class, s -> Rendering.html("<i>" + s.side() + "</i>", "square " + s.side()));
        assertEquals(
                Map.of("text/plain", "square 2", "text/html", "<i>2</i>"),
                r.render(new Square(2)).orElseThrow().data());
        assertEquals("shape", r.render(new Circle(1)).orElseThrow().text()); // an interface before Object
        assertEquals("object", r.render("text").orElseThrow().text());
    }

    @Test
    void aLaterRendererForTheSameTypeReplacesTheEarlierOne() {
        Renderers r = new Renderers().register(Square.class, s -> Rendering.text("built in"));
        r.register(Square.class, s -> Rendering.text("the cell's"));
        assertEquals("the cell's", r.render(new Square(1)).orElseThrow().text());
        r.unregister(Square.class);
        assertTrue(r.render(new Square(1)).isEmpty());
        assertTrue(r.render(null).isEmpty());
    }

    @Test
    void aFailingRendererNamesItsTypeAndHowToRemoveIt() {
        Renderers r = new Renderers().register(Square.class, s -> {
            throw new ArithmeticException("/ by zero");
        });
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> r.render(new Square(1)));
        assertTrue(
                e.getMessage().contains(Square.class.getName())
                        && e.getMessage().contains("/ by zero")
                        && e.getMessage().contains("unregister(Square.class)"),
                e.getMessage());
    }

    @Test
    void aRenderingAlwaysHasTextAndPngIsBase64() {
        assertThrows(IllegalArgumentException.class, () -> new Rendering(Map.of("text/html", "<b>x</b>")));
        Rendering png = Rendering.png(new byte[] {1, 2, 3}, "");
        assertEquals("<image/png>", png.text());
        assertEquals(
                List.of((byte) 1, (byte) 2, (byte) 3),
                bytes(Base64.getDecoder().decode((String) png.data().get("image/png"))));
        assertEquals("# hi", Rendering.markdown("# hi").data().get("text/markdown"));
    }

    private static List<Byte> bytes(byte[] b) {
        List<Byte> out = new ArrayList<>();
        for (byte x : b) {
            out.add(x);
        }
        return out;
    }
}
