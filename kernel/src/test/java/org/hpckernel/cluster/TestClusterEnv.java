package org.hpckernel.cluster;

/** The localhost cluster's settings from `install/test-cluster.sh env`, for the kernel's notebook tests. */
public final class TestClusterEnv {

    private TestClusterEnv() {}

    public static String get(String name) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(name + " is not set: run `sudo install/test-cluster.sh up` and "
                    + "`eval \"$(install/test-cluster.sh env)\"` first (install/test.sh does both)");
        }
        return value;
    }
}
