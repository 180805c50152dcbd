import jdk.jshell.JShell;

/**
 * The trivial cell's cost inside JShell, with the kernel's compiler options and classpath, for a JFR
 * profile (cell_profile.sh): N evaluations of `1 + 1` after M to warm up, each value dropped as the
 * kernel drops it. Usage: java -cp hpc-kernel.jar CellLoop.java JAR WARMUP N
 */
public class CellLoop {
    public static void main(String[] args) {
        JShell shell = JShell.builder().executionEngine("local").compilerOptions("-Xlint:none", "-proc:none").build();
        shell.addToClasspath(args[0]);
        shell.eval("import java.util.*;");
        int warmup = Integer.parseInt(args[1]);
        int n = Integer.parseInt(args[2]);
        for (int i = 0; i < warmup; i++) shell.eval("1 + 1").forEach(e -> shell.drop(e.snippet()));
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) shell.eval("1 + 1").forEach(e -> shell.drop(e.snippet()));
        System.out.printf("`1 + 1` in JShell: %.1f ms each over %d (after %d)%n", (System.nanoTime() - start) / 1e6 / n, n, warmup);
    }
}
