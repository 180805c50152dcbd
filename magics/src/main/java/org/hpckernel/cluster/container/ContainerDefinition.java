package org.hpckernel.cluster.container;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * An Apptainer/Singularity definition file: a header of {@code Key: value} lines
 * ({@code Bootstrap: docker}, {@code From: ubuntu:22.04}) before the first {@code %section}.
 * {@code --from IMAGE} fills the header of a cell that has none and overrides its Bootstrap and From.
 */
public final class ContainerDefinition {

    private ContainerDefinition() {}

    /**
     * The definition to build: {@code cell} with {@code from} as its base. {@code from} may name an
     * image as {@code ubuntu:22.04} (Docker Hub), with a scheme ({@code docker://}, {@code library://},
     * {@code oras://}, {@code shub://}, {@code docker-daemon:}), or a local {@code .sif} path.
     */
    public static String withBase(String cell, Optional<String> from) {
        List<String> lines = new ArrayList<>(List.of(cell.replace("\r\n", "\n").split("\n", -1)));
        int headerEnd = headerEnd(lines);
        boolean hasBootstrap = lines.subList(0, headerEnd).stream().anyMatch(l -> key(l).equals("bootstrap"));
        if (from.isEmpty()) {
            if (!hasBootstrap) {
                throw new IllegalArgumentException(
                        cell.isBlank()
                                ? "The cell is empty: write a definition file below %%hpc container build (Bootstrap: docker, From: IMAGE, %post ...), "
                                        + "or give --from IMAGE to build that image as it is."
                                : "The definition has no header: start it with the lines 'Bootstrap: docker' and 'From: IMAGE', or give --from IMAGE.");
            }
            return cell;
        }
        String[] base = bootstrapAndFrom(from.get().strip());
        List<String> out = new ArrayList<>();
        out.add("Bootstrap: " + base[0]);
        out.add("From: " + base[1]);
        for (int i = 0; i < lines.size(); i++) {
            String k = key(lines.get(i));
            if (i < headerEnd && (k.equals("bootstrap") || k.equals("from"))) {
                continue; // --from replaces them
            }
            out.add(lines.get(i));
        }
        String def = String.join("\n", out);
        return def.endsWith("\n") ? def : def + "\n";
    }

    /** Bootstrap agent and From value for an image reference. */
    static String[] bootstrapAndFrom(String image) {
        if (image.isEmpty() || image.chars().anyMatch(c -> c == '\n' || c == '\r')) {
            throw new IllegalArgumentException(
                    "--from takes an image like ubuntu:22.04 or docker://nvcr.io/nvidia/pytorch:24.01-py3");
        }
        for (String scheme : new String[] {"docker", "library", "oras", "shub"}) {
            if (image.startsWith(scheme + "://")) {
                return new String[] {scheme, image.substring(scheme.length() + 3)};
            }
        }
        if (image.startsWith("docker-daemon:")) {
            return new String[] {"docker-daemon", image.substring("docker-daemon:".length())};
        }
        if (image.endsWith(".sif")) {
            return new String[] {"localimage", image};
        }
        return new String[] {"docker", image};
    }

    /** The index of the first line after the header: the first {@code %section}, or a line that is no {@code Key: value}. */
    private static int headerEnd(List<String> lines) {
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i).strip();
            if (l.startsWith("%")) {
                return i;
            }
            if (!l.isEmpty() && !l.startsWith("#") && key(l).isEmpty()) {
                return i;
            }
        }
        return lines.size();
    }

    /** The lower-case key of a header line {@code Key: value}; empty for another line. */
    private static String key(String line) {
        String l = line.strip();
        int colon = l.indexOf(':');
        if (colon <= 0 || l.startsWith("#") || l.startsWith("%")) {
            return "";
        }
        String k = l.substring(0, colon);
        return k.matches("[A-Za-z][A-Za-z0-9_-]*") ? k.toLowerCase(Locale.ROOT) : "";
    }
}
