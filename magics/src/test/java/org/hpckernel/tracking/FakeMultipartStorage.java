package org.hpckernel.tracking;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

/**
 * The object storage behind FakeWandb's multipart URLs, streaming to disk (MockWebServer keeps bodies in
 * memory; a 2.5 GiB artifact must not). Refuses what S3 refuses: a part whose Content-MD5 differs from
 * its bytes, a non-last part under 5 MiB, completing with a missing part or a wrong ETag.
 */
final class FakeMultipartStorage implements AutoCloseable {

    static final long S3_MIN_PART = 5L << 20;
    private final HttpServer server;
    private final Path dir;

    FakeMultipartStorage() throws IOException {
        dir = Files.createTempDirectory("fake-multipart");
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            try (exchange) {
                String[] p = exchange.getRequestURI().getPath().split("/"); // /part/UPLOAD/N or /blob/HEX
                if ("PUT".equals(exchange.getRequestMethod()) && p.length == 4 && p[1].equals("part")) {
                    Path part = dir.resolve(p[2] + "." + Integer.parseInt(p[3]));
                    MessageDigest md5 = md5();
                    try (InputStream in = new DigestInputStream(exchange.getRequestBody(), md5)) {
                        Files.copy(in, part, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    }
                    byte[] digest = md5.digest();
                    String expected = exchange.getRequestHeaders().getFirst("Content-MD5");
                    if (expected == null
                            || !expected.equals(java.util.Base64.getEncoder().encodeToString(digest))) {
                        Files.delete(part);
                        exchange.sendResponseHeaders(400, -1); // BadDigest
                        return;
                    }
                    exchange.getResponseHeaders()
                            .add("ETag", "\"" + HexFormat.of().formatHex(digest) + "\"");
                    exchange.sendResponseHeaders(200, -1);
                } else if ("GET".equals(exchange.getRequestMethod())
                        && p.length == 3
                        && p[1].equals("blob")
                        && Files.exists(dir.resolve(p[2]))) {
                    Path blob = dir.resolve(p[2]);
                    exchange.sendResponseHeaders(200, Files.size(blob));
                    try (OutputStream out = exchange.getResponseBody()) {
                        Files.copy(blob, out);
                    }
                } else {
                    exchange.sendResponseHeaders(404, -1);
                }
            }
        });
        server.start();
    }

    String partUrl(String uploadId, int n) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/part/" + uploadId + "/" + n;
    }

    String blobUrl(String hex) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/blob/" + hex;
    }

    /** Joins the parts into the blob {@code hex}; null when S3 would accept, else why it refuses. */
    synchronized String complete(
            String uploadId, int expectedParts, List<Integer> partNumbers, List<String> etags, String hex)
            throws IOException {
        if (partNumbers.size() != expectedParts)
            return "InvalidPart: " + partNumbers.size() + " parts completed, " + expectedParts + " announced";
        MessageDigest whole = md5();
        Path blob = dir.resolve(hex);
        try (OutputStream out = Files.newOutputStream(blob)) {
            for (int i = 0; i < partNumbers.size(); i++) {
                Path part = dir.resolve(uploadId + "." + partNumbers.get(i));
                if (partNumbers.get(i) != i + 1 || !Files.exists(part))
                    return "InvalidPartOrder or missing part " + partNumbers.get(i);
                if (i < partNumbers.size() - 1 && Files.size(part) < S3_MIN_PART)
                    return "EntityTooSmall: part " + (i + 1);
                MessageDigest md5 = md5();
                try (InputStream in =
                        new DigestInputStream(new DigestInputStream(Files.newInputStream(part), md5), whole)) {
                    in.transferTo(out);
                }
                if (!HexFormat.of().formatHex(md5.digest()).equals(etags.get(i)))
                    return "InvalidPart: ETag of part " + (i + 1);
                Files.delete(part);
            }
        }
        if (!HexFormat.of().formatHex(whole.digest()).equals(hex))
            return "BadDigest: the joined parts are not the file";
        return null;
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws IOException {
        server.stop(0);
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) Files.deleteIfExists(f);
        }
        Files.deleteIfExists(dir);
    }
}
