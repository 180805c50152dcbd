package org.hpckernel.cluster.files;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A cluster path as typed after {@code %hpc get} or {@code ls}: {@code JOBID:relative/path} (a file in
 * that job's folder; {@code last:} for the newest job; {@code JOBID:} alone is the folder's contents),
 * {@code ~/x} or {@code /abs/x}, or a path relative to the remote home.
 */
public record RemotePath(Optional<String> job, String path) {

    /** What may stand before the colon to name a job: {@code last}, {@code 123}, {@code 123_4}, {@code 123.server}, {@code 123[4].server}. */
    private static final Pattern JOB = Pattern.compile("last|\\d+(?:_\\d+|\\[\\d*])?(?:\\.[A-Za-z0-9.-]+)?");

    public static RemotePath parse(String text) {
        int colon = text.indexOf(':');
        if (colon > 0 && JOB.matcher(text.substring(0, colon)).matches()) {
            String rest = text.substring(colon + 1);
            if (rest.startsWith("/") || rest.startsWith("~")) {
                throw new IllegalArgumentException("`" + text + "`: after " + text.substring(0, colon + 1)
                        + " give a path inside the job's folder, like " + text.substring(0, colon + 1) + "out.txt");
            }
            // the folder alone means what is in it: its own name is the kernel's, not the user's
            return new RemotePath(Optional.of(text.substring(0, colon)), rest.isEmpty() ? "./" : rest);
        }
        return new RemotePath(Optional.empty(), text);
    }

    /** True when the text ends with {@code /}: a folder's contents (get), or a folder to put into. */
    public boolean meansFolder() {
        return path.endsWith("/") || path.equals(".") || path.equals("~");
    }

    /**
     * The absolute path: inside {@code jobFolder} for a job path, else against {@code home}.
     * A trailing slash is kept, since it says the path is a folder.
     */
    public String resolve(String home, String jobFolder) {
        String base = job.isPresent() ? jobFolder : home;
        String p = path;
        if (job.isEmpty() && (p.equals("~") || p.startsWith("~/"))) {
            p = p.substring(1).replaceFirst("^/", "");
        } else if (job.isEmpty() && p.startsWith("/")) {
            return p;
        }
        while (p.startsWith("./")) {
            p = p.substring(2);
        }
        if (p.equals(".") || p.isEmpty()) {
            return base + (path.endsWith("/") ? "/" : "");
        }
        return base + "/" + p;
    }
}
