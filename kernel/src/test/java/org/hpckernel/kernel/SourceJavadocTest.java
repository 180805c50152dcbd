package org.hpckernel.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SourceJavadocTest {

    static final String SOURCE = """
            package demo;

            import java.util.List;
            import java.util.Map;

            /** Greets people. */
            public class Greeter {
                /** How many greetings so far. */
                public static int count;

                /** A greeter that says hello. */
                public Greeter() { }

                /** A greeter with its own {@code word}. */
                public Greeter(String word) { }

                /** Greets one person. */
                public String greet(String name) { return name; }

                /** Greets everyone in the list. */
                public String greet(List<String> names) { return ""; }

                /** Greets each name the given number of times. */
                public <T> String greet(java.util.Map<T, Integer> times, String... extra) { return ""; }

                public void undocumented() { }

                /** A greeting kept for later. */
                public static final class Saved {
                    /** Says it again. */
                    public String replay() { return ""; }
                }
            }
            """;

    @Test
    void eachElementHasItsOwnComment() {
        assertEquals(Optional.of("Greets people."), SourceJavadoc.find(SOURCE, "Greeter", null, null));
        assertEquals(Optional.of("How many greetings so far."), SourceJavadoc.find(SOURCE, "Greeter", "count", null));
        assertEquals(
                Optional.of("A greeter that says hello."), SourceJavadoc.find(SOURCE, "Greeter", "<init>", List.of()));
        assertEquals(
                Optional.of("A greeter with its own {@code word}."),
                SourceJavadoc.find(SOURCE, "Greeter", "<init>", List.of("String")));
        assertEquals(Optional.of("Says it again."), SourceJavadoc.find(SOURCE, "Greeter.Saved", "replay", List.of()));
        assertEquals(
                Optional.of("A greeting kept for later."), SourceJavadoc.find(SOURCE, "Greeter.Saved", null, null));
    }

    @Test
    void overloadsAreToldApartByTheirParameterTypes() {
        assertEquals(
                Optional.of("Greets one person."),
                SourceJavadoc.find(SOURCE, "Greeter", "greet", List.of("java.lang.String")));
        assertEquals(
                Optional.of("Greets everyone in the list."),
                SourceJavadoc.find(SOURCE, "Greeter", "greet", List.of("List<String>")));
        assertEquals(
                Optional.of("Greets each name the given number of times."),
                SourceJavadoc.find(SOURCE, "Greeter", "greet", List.of("Map<T, Integer>", "String...")));
    }

    @Test
    void nothingWhereThereIsNoComment() {
        assertEquals(Optional.empty(), SourceJavadoc.find(SOURCE, "Greeter", "undocumented", List.of()));
        assertEquals(Optional.empty(), SourceJavadoc.find(SOURCE, "Greeter", "nosuch", List.of()));
        assertEquals(Optional.empty(), SourceJavadoc.find(SOURCE, "Nobody", null, null));
        assertEquals(Optional.empty(), SourceJavadoc.find("this is not Java {", "Greeter", null, null));
    }

    @Test
    void simpleTypesDropPackagesTypeArgumentsAndVarargs() {
        assertEquals("Map[]", SourceJavadoc.simpleType("java.util.Map<String, java.util.List<Integer>>[]"));
        assertEquals("String[]", SourceJavadoc.simpleType("java.lang.String..."));
        assertEquals("int", SourceJavadoc.simpleType("int"));
    }
}
