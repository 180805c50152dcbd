package org.hpckernel.cluster;

import java.time.Instant;

/**
 * A file or folder on the cluster as SFTP (or the local file system) describes it: a full path,
 * the size in bytes and the modification time to the second (what SFTP carries).
 */
public record RemoteFile(String path, long size, Instant modified, Type type) {

    /** What kind of entry; a link is not followed when listed. */
    public enum Type {
        FILE,
        DIRECTORY,
        LINK,
        OTHER
    }

    /** The last path element: {@code out.txt} for {@code /home/me/job/out.txt}. */
    public String name() {
        String p = path.endsWith("/") && path.length() > 1 ? path.substring(0, path.length() - 1) : path;
        return p.substring(p.lastIndexOf('/') + 1);
    }

    public boolean isDirectory() {
        return type == Type.DIRECTORY;
    }
}
