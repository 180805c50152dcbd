package org.hpckernel.cluster;

import java.util.Optional;

/** Scheduler output patterns ({@code %x-%j.out}, {@code %A_%a}) made into the file a job wrote. */
public final class LogPaths {

    private LogPaths() {
    }

    /** Fills in %x (name), %j (job id), %A (array parent), %a (task index), %u (user) and %%. */
    public static String resolve(String pattern, String jobName, JobId id, String user) {
        String parent = id.arrayParent().value();
        Optional<Integer> index = id.arrayIndex();
        String job = index.isPresent() ? id.value() : id.value();
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c != '%' || i + 1 >= pattern.length()) {
                out.append(c);
                continue;
            }
            char k = pattern.charAt(++i);
            switch (k) {
                case 'x' -> out.append(jobName);
                case 'j' -> out.append(index.isPresent() ? job.replace("_" + index.get(), "") : job);
                case 'A' -> out.append(parent);
                case 'a' -> out.append(index.map(String::valueOf).orElse("4294967294"));
                case 'u' -> out.append(user);
                case '%' -> out.append('%');
                default -> out.append('%').append(k);
            }
        }
        return out.toString();
    }

    /** The folder part of a pattern, so it can be created before submitting. */
    public static String folder(String pattern) {
        int slash = pattern.lastIndexOf('/');
        return slash < 0 ? "" : pattern.substring(0, slash);
    }
}
