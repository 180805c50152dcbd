package org.hpckernel.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A fake cluster at the transport level: {@code exec} answers from recorded scheduler outputs by
 * matching the command, files written are kept in memory, and every command asked is recorded so a
 * test can assert on exactly what would have been sent.
 */
public final class RecordedTransport implements Transport {

    private final Map<Predicate<String>, ExecResult> answers = new LinkedHashMap<>();
    public final List<String> commands = new ArrayList<>();
    public final Map<String, byte[]> files = new LinkedHashMap<>();

    /** Answers commands containing {@code fragment} with this output and exit code. */
    public RecordedTransport on(String fragment, int exitCode, String stdout) {
        answers.put(c -> c.contains(fragment), new ExecResult(exitCode, stdout, ""));
        return this;
    }

    /**
     * Answers the submit wrapper (whose command contains {@code fragment}, the scheduler's submit
     * command) as it prints the scheduler's recorded answer: its exit code, stdout and stderr.
     */
    public RecordedTransport onSubmit(String fragment, int exitCode, String stdout, String stderr) {
        answers.put(c -> c.contains("rmdir .submit.lock"), new ExecResult(0, "", ""));
        answers.put(
                c -> c.contains(fragment) && c.contains(".submit.lock"),
                new ExecResult(0, "@@rc " + exitCode + "\n" + stdout + "\n@@stderr\n" + stderr, ""));
        return this;
    }

    public RecordedTransport onError(String fragment, int exitCode, String stderr) {
        answers.put(c -> c.contains(fragment), new ExecResult(exitCode, "", stderr));
        return this;
    }

    /** A file under src/test/resources/recorded/, e.g. {@code sge/qacct-failed.txt}. */
    public static String recorded(String name) {
        try (InputStream in = RecordedTransport.class.getResourceAsStream("/recorded/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no recording " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String lastCommand() {
        return commands.get(commands.size() - 1);
    }

    @Override
    public ExecResult exec(String command, Duration timeout) throws IOException {
        commands.add(command);
        for (Map.Entry<Predicate<String>, ExecResult> a : answers.entrySet()) {
            if (a.getKey().test(command)) {
                return a.getValue();
            }
        }
        throw new IOException("no recorded answer for: " + command);
    }

    /** What an attached command does in a test: writes through the consumers, then returns an exit code or throws. */
    public interface Attached {
        int run(java.util.function.Consumer<String> out, java.util.function.Consumer<String> err)
                throws IOException, InterruptedException;
    }

    private Attached attached = (out, err) -> {
        throw new IOException("no recorded attached command");
    };

    /** Answers the next {@link #stream} calls with {@code a}. */
    public RecordedTransport onStream(Attached a) {
        attached = a;
        return this;
    }

    @Override
    public int stream(String command, java.util.function.Consumer<String> out, java.util.function.Consumer<String> err)
            throws IOException, InterruptedException {
        commands.add(command);
        return attached.run(out, err);
    }

    @Override
    public void write(String path, byte[] content, int mode) {
        files.put(path, content);
    }

    @Override
    public byte[] read(String path, long offset, int maxBytes) {
        byte[] all = files.getOrDefault(path, new byte[0]);
        int from = (int) Math.min(offset, all.length);
        int to = Math.min(all.length, from + maxBytes);
        return java.util.Arrays.copyOfRange(all, from, to);
    }

    @Override
    public String home() {
        return "/home/alice";
    }

    @Override
    public String describe() {
        return "recorded";
    }

    @Override
    public void close() {}
}
