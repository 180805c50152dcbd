package org.hpckernel.tracking;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.hpckernel.cluster.Transport;

/** The few file operations the file store needs, on this machine or in a cluster's work root. */
public interface Blobs {

    /** The whole file, or null when it does not exist. */
    byte[] read(String relativePath) throws IOException;

    /** Writes a file, creating parent folders. */
    void write(String relativePath, byte[] content) throws IOException;

    String describe();

    static Blobs local(Path root) {
        return new Blobs() {
            @Override
            public byte[] read(String rel) throws IOException {
                Path p = root.resolve(rel);
                return Files.isRegularFile(p) ? Files.readAllBytes(p) : null;
            }

            @Override
            public void write(String rel, byte[] content) throws IOException {
                Path p = root.resolve(rel);
                Files.createDirectories(p.getParent());
                Path tmp = Files.createTempFile(p.getParent(), ".tmp", "");
                Files.write(tmp, content);
                Files.move(tmp, p, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }

            @Override
            public String describe() {
                return root.toString();
            }
        };
    }

    /**
     * Files under {@code root} reached through a cluster transport (SFTP), so jobs on compute nodes without
     * internet read artifacts from the shared file system. A missing file reads as empty, so an empty file
     * and a missing one look alike here; the store only reads files it wrote with content.
     */
    static Blobs remote(Transport transport, String root) {
        return new Blobs() {
            @Override
            public byte[] read(String rel) throws IOException {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                int chunk = 4 << 20;
                for (long off = 0; ; ) {
                    byte[] b = transport.read(root + "/" + rel, off, chunk);
                    out.write(b);
                    off += b.length;
                    if (b.length < chunk) {
                        break;
                    }
                }
                return out.size() == 0 ? null : out.toByteArray();
            }

            @Override
            public void write(String rel, byte[] content) throws IOException {
                transport.write(root + "/" + rel, content, 0644);
            }

            @Override
            public String describe() {
                return transport.describe() + ":" + root;
            }
        };
    }
}
