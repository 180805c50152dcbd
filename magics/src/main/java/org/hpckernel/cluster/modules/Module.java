package org.hpckernel.cluster.modules;

/**
 * One environment module as {@code module load} names it: {@code openmpi/4.1} is name
 * {@code openmpi}, version {@code 4.1}; a module without versions has an empty version.
 * {@code isDefault}: the version {@code module load NAME} picks.
 */
public record Module(String name, String version, boolean isDefault) {

    public String fullName() {
        return version.isEmpty() ? name : name + "/" + version;
    }
}
