package org.hpckernel.tracking;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A W&B API key. It is never printed: {@link #toString()} is redacted, and nothing else exposes it but
 * {@link #basicAuth()} for the Authorization header. Looked up like the official client: WANDB_API_KEY,
 * then (HPC-Ops) WANDB_APIKEY in the environment or in {@code .env} of the working folder, then the
 * {@code .netrc} entry for the base URL's host ($NETRC or ~/.netrc).
 */
public final class WandbKey {

    public static final String DEFAULT_BASE_URL = "https://api.wandb.ai";
    private final String value;
    private final String source;

    private WandbKey(String value, String source) {
        this.value = value.strip();
        this.source = source;
    }

    public static WandbKey of(String value, String source) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("empty W&B API key");
        }
        return new WandbKey(value, source);
    }

    /** Where the key came from, e.g. "WANDB_API_KEY" or "~/.netrc"; safe to show. */
    public String source() {
        return source;
    }

    String basicAuth() {
        return okhttp3.Credentials.basic("api", value);
    }

    /**
     * The text with the key removed in every form a server or a proxy may echo it: as is, inside the
     * basic-auth header (base64 of {@code api:KEY}, with or without padding), and URL-encoded.
     */
    String scrub(String text) {
        if (text == null) return null;
        String b64 = java.util.Base64.getEncoder()
                .encodeToString(("api:" + value).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        String out = text.replace(value, "****").replace(b64, "****").replace(b64.replaceAll("=+$", ""), "****");
        String url = java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
        out = out.replace(url, "****").replace(url.replace("+", "%20"), "****");
        return out;
    }

    @Override
    public String toString() {
        return "WandbKey[****, from " + source + "]";
    }

    public static String baseUrl(Map<String, String> env) {
        String b = env.get("WANDB_BASE_URL");
        return b == null || b.isBlank() ? DEFAULT_BASE_URL : b.replaceAll("/+$", "");
    }

    public static Optional<WandbKey> find(Map<String, String> env, Path workingDir, Path home) {
        for (String var : List.of("WANDB_API_KEY", "WANDB_APIKEY")) {
            if (env.get(var) != null && !env.get(var).isBlank()) {
                return Optional.of(new WandbKey(env.get(var), var));
            }
        }
        Optional<String> dotEnv = fromDotEnv(workingDir.resolve(".env"));
        if (dotEnv.isPresent()) {
            return Optional.of(new WandbKey(dotEnv.get(), ".env"));
        }
        Path netrc = env.get("NETRC") != null ? Path.of(env.get("NETRC")) : home.resolve(".netrc");
        // the official client writes the machine as the URL's netloc (host:port when the URL has a port);
        // older clients wrote the host alone, so that is looked up next
        URI base = URI.create(baseUrl(env));
        Optional<String> k =
                base.getPort() > 0 ? fromNetrc(netrc, base.getHost() + ":" + base.getPort()) : Optional.empty();
        if (k.isEmpty()) k = fromNetrc(netrc, base.getHost());
        return k.map(v -> new WandbKey(v, netrc.getFileName().toString()));
    }

    static Optional<String> fromDotEnv(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            for (String line : Files.readAllLines(file)) {
                String l = line.strip().replaceFirst("^export\\s+", "");
                for (String var : List.of("WANDB_API_KEY=", "WANDB_APIKEY=")) {
                    if (l.startsWith(var)) {
                        String v = l.substring(var.length()).strip().replaceAll("^['\"]|['\"]$", "");
                        if (!v.isEmpty()) {
                            return Optional.of(v);
                        }
                    }
                }
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** The password of {@code machine HOST} in a netrc file (tokens may span lines, as netrc allows). */
    static Optional<String> fromNetrc(Path file, String host) {
        if (host == null || !Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            String[] t = Files.readString(file).trim().split("\\s+");
            boolean inHost = false;
            for (int i = 0; i < t.length - 1; i++) {
                if (t[i].equals("machine")) {
                    inHost = t[i + 1].equals(host);
                } else if (t[i].equals("default")) {
                    inHost = false;
                } else if (inHost && t[i].equals("password")) {
                    return Optional.of(t[i + 1]);
                }
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }
}
