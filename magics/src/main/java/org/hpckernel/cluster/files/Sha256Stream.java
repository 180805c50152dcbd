package org.hpckernel.cluster.files;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The SHA-256 of bytes as they stream past. A large file is hashed by this machine's {@code openssl}
 * (or {@code sha256sum}) fed through a pipe, on another core: the kernel's JVM runs C1 only, where
 * Java's SHA-256 has no CPU intrinsic and manages ~130 MB/s against openssl's ~1 GB/s, so hashing in
 * Java would cap a transfer's speed. A small file, or a machine with neither tool, is hashed in Java.
 */
abstract sealed class Sha256Stream implements AutoCloseable {

    /** Below this a process start (a few ms) costs more than Java's hashing saves. */
    static final long NATIVE_FROM_BYTES = 8L << 20;

    private static final List<List<String>> TOOLS =
            List.of(List.of("openssl", "dgst", "-sha256", "-r"), List.of("sha256sum"));
    /** The first tool that answered, looked for once; empty when none did. */
    private static volatile List<String> tool;

    abstract void update(byte[] b, int off, int len) throws IOException;

    /** The hash in lower-case hex; the stream is finished. */
    abstract String hex() throws IOException;

    @Override
    public abstract void close();

    static Sha256Stream forBytes(long size) {
        if (size >= NATIVE_FROM_BYTES) {
            List<String> command = nativeTool();
            if (!command.isEmpty()) {
                try {
                    return new Native(new ProcessBuilder(command)
                            .redirectErrorStream(true)
                            .start());
                } catch (IOException notStarted) {
                    tool = List.of(); // it answered once but cannot start now: Java from here on
                }
            }
        }
        return new Java();
    }

    private static List<String> nativeTool() {
        List<String> known = tool;
        if (known == null) {
            known = List.of();
            for (List<String> candidate : TOOLS) {
                if (answers(candidate)) {
                    known = candidate;
                    break;
                }
            }
            tool = known;
        }
        return known;
    }

    /** Whether the tool hashes the empty input to the known digest. */
    private static boolean answers(List<String> command) {
        try (Native probe =
                new Native(new ProcessBuilder(command).redirectErrorStream(true).start())) {
            return probe.hex().equals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        } catch (IOException absent) {
            return false;
        }
    }

    static final class Java extends Sha256Stream {
        private final MessageDigest digest;

        Java() {
            try {
                digest = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        void update(byte[] b, int off, int len) {
            digest.update(b, off, len);
        }

        @Override
        String hex() {
            return HexFormat.of().formatHex(digest.digest());
        }

        @Override
        public void close() {}
    }

    static final class Native extends Sha256Stream {
        private final Process process;
        private final OutputStream in;

        Native(Process process) {
            this.process = process;
            this.in = process.getOutputStream();
        }

        @Override
        void update(byte[] b, int off, int len) throws IOException {
            try {
                in.write(b, off, len);
            } catch (IOException e) {
                throw new IOException(
                        "the local SHA-256 (" + process.info().command().orElse("openssl") + ") stopped: "
                                + e.getMessage(),
                        e);
            }
        }

        @Override
        String hex() throws IOException {
            in.close();
            String answer = new String(process.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)
                        || process.exitValue() != 0
                        || !answer.matches("[0-9a-f]{64}\\b.*")) {
                    throw new IOException("the local SHA-256 answered '" + answer + "'");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while hashing");
            }
            return answer.substring(0, 64);
        }

        @Override
        public void close() {
            process.destroy();
        }
    }
}
