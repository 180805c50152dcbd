package org.hpckernel.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** JShell's documentation signatures (as JDK 17's jshell prints them for commons-math3) to what they name. */
class DocTargetTest {

    @Test
    void methodsConstructorsFieldsAndTypes() {
        assertEquals(
                Optional.of(new DocTarget("FastMath", "sqrt", List.of("double"))),
                DocTarget.of("double FastMath.sqrt(double a)"));
        assertEquals(
                Optional.of(
                        new DocTarget("org.apache.commons.math3.random.BitsStreamGenerator", "nextDouble", List.of())),
                DocTarget.of("double org.apache.commons.math3.random.BitsStreamGenerator.nextDouble()"));
        assertEquals(
                Optional.of(
                        new DocTarget("org.apache.commons.math3.random.MersenneTwister", "<init>", List.of("int[]"))),
                DocTarget.of("org.apache.commons.math3.random.MersenneTwister(int[] seed)"));
        assertEquals(Optional.of(new DocTarget("FastMath", "PI", null)), DocTarget.of("FastMath.PI:double"));
        assertEquals(
                Optional.of(new DocTarget("org.apache.commons.math3.util.FastMath", null, null)),
                DocTarget.of("org.apache.commons.math3.util.FastMath"));
    }

    @Test
    void typeArgumentsStayWithTheirParameterAndVariablesNameNoLibraryElement() {
        assertEquals(
                Optional.of(new DocTarget("Maps", "merge", List.of("Map<String, List<Integer>>", "int...", "T"))),
                DocTarget.of("<T> Map<String, Integer> Maps.merge(Map<String, List<Integer>> a, int... xs, T t)"));
        assertEquals(Optional.of(new DocTarget("Util", "f", List.of("double"))), DocTarget.of("void Util.f(double)"));
        // a class compiled without parameter names, as JShell prints its generic method
        assertEquals(
                Optional.of(new DocTarget("Greeter", "greet", List.of("Map<T,Integer>", "String..."))),
                DocTarget.of("String Greeter.<T>greet(Map<T,Integer>, String...)"));
        assertEquals(Optional.empty(), DocTarget.of("r:org.apache.commons.math3.random.MersenneTwister"));
        assertEquals(Optional.empty(), DocTarget.of("runs"));
    }
}
