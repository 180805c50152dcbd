package org.hpckernel.render;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Renderers by type, the one registry a cell's value is shown through. The kernel registers the
 * built-in ones (tables, images, JSON); a cell registers its own types the same way, and a renderer
 * for a type replaces the one before it:
 * <pre>
 * Renderers.shared().register(Point.class, p -> Rendering.html("&lt;b&gt;" + p.x() + "&lt;/b&gt;", p.toString()));
 * </pre>
 * A value is rendered by the renderer of its most specific type: its class, then its superclasses
 * and interfaces nearest first. Thread-safe.
 */
public final class Renderers {

    private static final Renderers SHARED = new Renderers();

    private final Map<Class<?>, Function<Object, Rendering>> byType = new ConcurrentHashMap<>();

    /** The registry the kernel displays through (cells share the kernel's class loader, so they see this one). */
    public static Renderers shared() {
        return SHARED;
    }

    /** Shows values of {@code type} (and its subtypes without their own renderer) with {@code renderer}. */
    public <T> Renderers register(Class<T> type, Function<? super T, Rendering> renderer) {
        byType.put(type, value -> renderer.apply(type.cast(value)));
        return this;
    }

    /** Forgets the renderer of exactly {@code type}; its values fall back to a supertype's or to text. */
    public void unregister(Class<?> type) {
        byType.remove(type);
    }

    /** The rendering of {@code value} by its most specific registered type, or empty when none applies. */
    public Optional<Rendering> render(Object value) {
        if (value == null) {
            return Optional.empty();
        }
        for (Class<?> type : nearestFirst(value.getClass())) {
            Function<Object, Rendering> renderer = byType.get(type);
            if (renderer != null) {
                try {
                    return Optional.of(renderer.apply(value));
                } catch (RuntimeException e) {
                    throw new IllegalStateException(
                            "the renderer registered for " + type.getName() + " failed on this value: " + e
                                    + " (fix it, or Renderers.shared().unregister(" + type.getSimpleName() + ".class))",
                            e);
                }
            }
        }
        return Optional.empty();
    }

    /** The class, its superclasses and every interface, breadth first: nearer types before farther ones. */
    private static Set<Class<?>> nearestFirst(Class<?> start) {
        Set<Class<?>> seen = new LinkedHashSet<>();
        Deque<Class<?>> queue = new ArrayDeque<>();
        queue.add(start);
        while (!queue.isEmpty()) {
            Class<?> c = queue.poll();
            if (!seen.add(c)) {
                continue;
            }
            if (c.getSuperclass() != null) {
                queue.add(c.getSuperclass());
            }
            queue.addAll(java.util.List.of(c.getInterfaces()));
        }
        return seen;
    }
}
