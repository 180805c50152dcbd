package org.hpckernel.cluster;

import java.util.Optional;

/**
 * Slurm's filename patterns ({@code %x %j %A %a %u %N %n %t %%}, zero padded like {@code %3a}), shared by
 * Slurm's hooks and the local executor, which takes a pasted {@code #SBATCH --output} as Slurm would.
 */
public final class SlurmFilenamePattern {

    private SlurmFilenamePattern() {}

    /** {@code pattern} with its placeholders filled; {@code jobName} as the scheduler knows it. */
    public static String expand(String pattern, String jobName, JobId id, String user, Optional<String> rawTaskId) {
        Optional<Integer> index = id.arrayIndex();
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c != '%' || i + 1 >= pattern.length()) {
                out.append(c);
                continue;
            }
            int j = i + 1;
            while (j < pattern.length() && Character.isDigit(pattern.charAt(j))) {
                j++;
            }
            if (j >= pattern.length()) {
                out.append(pattern.substring(i));
                break;
            }
            int width = j > i + 1 ? Math.min(10, Integer.parseInt(pattern.substring(i + 1, j))) : 0;
            char k = pattern.charAt(j);
            String v = switch (k) {
                case 'x' -> jobName;
                case 'j', 'J' -> index.isPresent() ? rawTaskId.orElse(id.value()) : id.value();
                case 'A' -> id.arrayParent().value();
                case 'a' -> index.map(String::valueOf).orElse("4294967294");
                case 'u' -> user;
                case 'N', 'n', 't' -> k == 'N' ? "" : "0";
                case '%' -> "%";
                default -> null;
            };
            if (v == null) {
                out.append(pattern, i, j + 1);
            } else {
                out.append(width > 0 && v.matches("\\d+") ? "0".repeat(Math.max(0, width - v.length())) + v : v);
            }
            i = j;
        }
        return out.toString();
    }
}
