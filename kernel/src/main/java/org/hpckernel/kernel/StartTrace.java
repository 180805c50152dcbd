package org.hpckernel.kernel;

/**
 * Where a kernel's start goes, for bench/kernel: with {@code HPC_KERNEL_TRACE_START=1} each step
 * prints its time since the JVM was created to stderr (the kernel's log), once.
 */
final class StartTrace {

    private static final boolean ON = "1".equals(System.getenv("HPC_KERNEL_TRACE_START"));
    /** The process's stderr as it was at launch, before cells took System.err over. */
    private static final java.io.PrintStream LOG = System.err;

    private static final java.util.Set<String> SEEN = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private StartTrace() {}

    static void mark(String step) {
        if (ON && SEEN.add(step)) {
            long since = System.currentTimeMillis()
                    - java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime();
            LOG.println("[start] " + since + " ms " + step + " ("
                    + Thread.currentThread().getName() + ")");
        }
    }
}
