package org.hpckernel.kernel;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.messages.Message;
import io.github.spencerpark.jupyter.messages.publish.PublishStatus;
import io.github.spencerpark.jupyter.messages.request.CompleteRequest;
import io.github.spencerpark.jupyter.messages.request.ExecuteRequest;
import io.github.spencerpark.jupyter.messages.request.HistoryRequest;
import io.github.spencerpark.jupyter.messages.request.InspectRequest;
import io.github.spencerpark.jupyter.messages.request.IsCompleteRequest;
import io.github.spencerpark.jupyter.messages.request.ShutdownRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.hpckernel.kernel.display.DisplayMapper;
import org.hpckernel.kernel.exec.CellFailure;
import org.hpckernel.kernel.exec.JavaEvaluator;
import org.hpckernel.kernel.io.Cell;
import org.hpckernel.kernel.io.CellRouting;
import org.hpckernel.kernel.io.StreamBatcher;
import org.hpckernel.kernel.wire.Request;
import org.hpckernel.kernel.wire.Wire;
import org.hpckernel.magic.CellParser;
import org.hpckernel.magic.CellPart;
import org.hpckernel.magic.MagicException;
import org.hpckernel.magic.MagicRegistry;

/**
 * The Jupyter side: answers every shell and control request, runs cells (Java in JShell, magics
 * through the registry) on one execution thread, and turns values into MIME bundles.
 */
public final class HpcKernel {

    private static final Logger LOG = Logger.getLogger("hpc-kernel");

    private final Wire wire;
    private final MagicRegistry magics;
    private final StreamBatcher batcher = new StreamBatcher();
    private final ExecutorService executionThread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "hpc-kernel-execution");
        t.setDaemon(true);
        return t;
    });
    private final CompletableFuture<JavaEvaluator> evaluator;
    private final History history = new History(UUID.randomUUID().toString());
    private final Path workingDirectory = Path.of("").toAbsolutePath();
    private final Completer completer;
    private volatile Thread runningCellThread;
    private volatile boolean interruptRequested;
    private int executionCount;
    private volatile boolean javaCellRan;

    /**
     * @param java JShell being built since launch ({@link #startJava}); its warm-up eval queues on the
     *             execution thread behind a first cell already waiting, which warms it instead
     */
    public HpcKernel(Wire wire, MagicRegistry magics, CompletableFuture<JavaEvaluator> java, LibraryDocs docs) {
        this.wire = wire;
        this.magics = magics;
        this.evaluator = java;
        // nothing waits for the warm-up: a JShell that failed to start is reported by the first Java cell
        var unused = java.thenAccept(e -> executionThread.execute(() -> {
            if (!javaCellRan) e.warmUp();
            StartTrace.mark("JShell warm");
        }));
        this.completer = new Completer(magics, this::evaluator, docs);
    }

    /**
     * Starts building JShell with its startup imports (~1 s, the first javac) on its own thread, so a
     * magic-only cell never waits for it. Completion's class index (~200 ms) is left to the first Tab:
     * warmed at start, it made the second cell wait.
     */
    public static CompletableFuture<JavaEvaluator> startJava(Supplier<JavaEvaluator> create) {
        CompletableFuture<JavaEvaluator> java = new CompletableFuture<>();
        Thread start = new Thread(
                () -> {
                    try {
                        JavaEvaluator e = create.get();
                        StartTrace.mark("JShell built, startup imports in");
                        java.complete(e);
                    } catch (Throwable t) {
                        java.completeExceptionally(t);
                    }
                },
                "jshell-start");
        start.setDaemon(true);
        start.start();
        return java;
    }

    JavaEvaluator evaluator() {
        try {
            return evaluator.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while JShell was starting", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("JShell failed to start: " + e.getCause(), e.getCause());
        }
    }

    public void onShell(Request request) {
        handle(request);
    }

    public void onControl(Request request) {
        handle(request);
    }

    private void handle(Request request) {
        Message<?> message = request.message();
        wire.status(message, PublishStatus.BUSY);
        try {
            switch (request.type()) {
                case "kernel_info_request" -> {
                    wire.reply(request, "kernel_info_reply", KernelInfo.reply());
                    StartTrace.mark("kernel_info_reply");
                }
                case "execute_request" -> execute(request);
                case "complete_request" ->
                    wire.reply(request, "complete_reply", completer.complete(request.<CompleteRequest>content()));
                case "inspect_request" ->
                    wire.reply(request, "inspect_reply", completer.inspect(request.<InspectRequest>content()));
                case "is_complete_request" ->
                    wire.reply(
                            request,
                            "is_complete_reply",
                            completer.isComplete(
                                    request.<IsCompleteRequest>content().getCode()));
                case "history_request" ->
                    wire.reply(request, "history_reply", history.reply(request.<HistoryRequest>content()));
                case "comm_info_request" -> {
                    JsonObject reply = new JsonObject();
                    reply.add("comms", new JsonObject());
                    wire.reply(request, "comm_info_reply", reply);
                }
                case "interrupt_request" -> {
                    interrupt();
                    wire.reply(request, "interrupt_reply", new JsonObject());
                }
                case "shutdown_request" -> shutdown(request);
                default -> LOG.fine(() -> "ignored " + request.type());
            }
        } catch (RuntimeException bug) {
            LOG.log(Level.SEVERE, "failed to handle " + request.type(), bug);
        } finally {
            wire.status(message, PublishStatus.IDLE);
        }
    }

    private void execute(Request request) {
        StartTrace.mark("first execute_request");
        ExecuteRequest content = request.content();
        String code = content.getCode();
        boolean silent = content.isSilent();
        boolean store = content.shouldStoreHistory() && !silent;
        if (store) {
            executionCount++;
        }
        int count = executionCount;
        if (!silent) {
            JsonObject input = new JsonObject();
            input.addProperty("code", code);
            input.addProperty("execution_count", count);
            wire.publish(request.message(), "execute_input", input);
        }
        Cell cell = new Cell(wire, request.message(), content.isStdinEnabled(), batcher);
        JsonObject reply = new JsonObject();
        reply.addProperty("execution_count", count);
        Optional<DisplayData> result = Optional.empty();
        interruptRequested = false;
        try {
            Future<Object> run = executionThread.submit(() -> runCell(code, cell));
            Object value = waitFor(run);
            result = display(value);
            reply.addProperty("status", "ok");
            reply.add("payload", new JsonArray());
            reply.add("user_expressions", new JsonObject());
        } catch (CellFailure failure) {
            cell.flush();
            JsonObject error = new JsonObject();
            error.addProperty("ename", failure.name());
            error.addProperty("evalue", failure.value());
            JsonArray trace = new JsonArray();
            failure.traceback().forEach(trace::add);
            error.add("traceback", trace);
            wire.publish(request.message(), "error", error);
            reply.addProperty("status", "error");
            reply.addProperty("ename", failure.name());
            reply.addProperty("evalue", failure.value());
            reply.add("traceback", trace.deepCopy());
        }
        cell.flush();
        if (result.isPresent() && !silent) {
            JsonObject executeResult = new JsonObject();
            executeResult.addProperty("execution_count", count);
            DisplayData data = result.get();
            executeResult.add("data", Bundles.data(data));
            executeResult.add("metadata", Bundles.metadata(data));
            wire.publish(request.message(), "execute_result", executeResult);
            StartTrace.mark("first execute_result");
        }
        if (store) {
            history.add(
                    count,
                    code,
                    result.map(d -> String.valueOf(
                                    d.getData(io.github.spencerpark.jupyter.kernel.display.mime.MIMEType.TEXT_PLAIN)))
                            .orElse(null));
        }
        // Run All: cells queued behind a failed one are aborted, like ipykernel does. Only what was
        // already waiting before this reply goes out; a request sent after seeing it runs normally.
        boolean failed = "error".equals(reply.get("status").getAsString());
        List<Request> queued = failed && content.shouldStopOnError() && request.replyTo() == Wire.Socket.SHELL
                ? wire.takeQueuedShellRequests()
                : List.of();
        wire.reply(request, "execute_reply", reply);
        StartTrace.mark("first execute_reply");
        for (Request next : queued) {
            if ("execute_request".equals(next.type())) {
                wire.status(next.message(), PublishStatus.BUSY);
                JsonObject aborted = new JsonObject();
                aborted.addProperty("status", "aborted");
                aborted.addProperty("execution_count", executionCount);
                wire.reply(next, "execute_reply", aborted);
                wire.status(next.message(), PublishStatus.IDLE);
            } else {
                handle(next);
            }
        }
    }

    /** The cell's value as a bundle; a renderer that throws fails the cell (the reply must still go out). */
    private static Optional<DisplayData> display(Object value) throws CellFailure {
        try {
            return DisplayMapper.toDisplay(value);
        } catch (RuntimeException e) {
            throw unexpected(e);
        }
    }

    private Object waitFor(Future<Object> run) throws CellFailure {
        while (true) {
            try {
                return run.get();
            } catch (InterruptedException e) {
                // the shell thread is never interrupted on purpose; keep waiting for the cell
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof CellFailure failure) {
                    throw failure;
                }
                throw unexpected(cause);
            }
        }
    }

    /** Runs on the execution thread: Java parts in JShell, magic lines through the registry, in order. */
    private Object runCell(String code, Cell cell) throws CellFailure {
        runningCellThread = Thread.currentThread();
        CellRouting.enter(cell);
        try {
            List<CellPart> parts = parse(code);
            Object last = null;
            for (int i = 0; i < parts.size(); i++) {
                if (i > 0 && last != null) {
                    DisplayMapper.toDisplay(last).ifPresent(cell::display);
                }
                last = runPart(parts.get(i), cell);
                checkInterrupt();
            }
            return last;
        } catch (CellFailure failure) {
            if (interruptRequested) {
                throw interrupted();
            }
            throw failure;
        } finally {
            Thread.interrupted();
            runningCellThread = null;
        }
    }

    private Object runPart(CellPart part, Cell cell) throws CellFailure {
        if (part instanceof CellPart.Code java) {
            Optional<JavaEvaluator.Value> value;
            try {
                value = evaluator().eval(java.source(), java.firstLine());
            } finally {
                javaCellRan = true;
            }
            checkInterrupt();
            return value.map(JavaEvaluator.Value::object).orElse(null);
        }
        CellPart.MagicLine magic = (CellPart.MagicLine) part;
        try {
            return magics.run(magic.call(), new KernelMagicContext(cell, workingDirectory));
        } catch (org.hpckernel.HpcException userError) {
            throw new CellFailure(
                    "MagicError",
                    userError.getMessage(),
                    List.of("\u001b[0;31m" + userError.getMessage() + "\u001b[0m"));
        } catch (InterruptedException e) {
            throw interrupted();
        } catch (Exception e) {
            if (interruptRequested) {
                throw interrupted();
            }
            throw unexpected(e);
        }
    }

    private List<CellPart> parse(String code) throws CellFailure {
        try {
            return CellParser.parse(code);
        } catch (MagicException e) {
            throw new CellFailure("MagicError", e.getMessage(), List.of(e.getMessage()));
        }
    }

    private void checkInterrupt() throws CellFailure {
        if (interruptRequested) {
            throw interrupted();
        }
    }

    private static CellFailure interrupted() {
        return new CellFailure(
                "Interrupted",
                "the cell was interrupted",
                List.of("\u001b[0;31mInterrupted\u001b[0m: the cell was stopped"));
    }

    private static CellFailure unexpected(Throwable t) {
        List<String> trace = new ArrayList<>();
        trace.add("\u001b[0;31m" + t + "\u001b[0m");
        for (StackTraceElement frame : t.getStackTrace()) {
            trace.add("    at " + frame);
        }
        Throwable cause = t.getCause();
        if (cause != null && cause != t) {
            trace.add("Caused by: " + cause);
        }
        return new CellFailure(t.getClass().getSimpleName(), String.valueOf(t.getMessage()), trace);
    }

    /** Stops the running cell: JShell's snippet thread, and a magic waiting or sleeping. */
    public void interrupt() {
        Thread cellThread = runningCellThread;
        if (cellThread == null) {
            return;
        }
        interruptRequested = true;
        if (evaluator.isDone()) {
            evaluator().stop();
        }
        cellThread.interrupt();
    }

    private void shutdown(Request request) {
        ShutdownRequest content = request.content();
        JsonObject reply = new JsonObject();
        reply.addProperty("restart", content.isRestart());
        wire.reply(request, "shutdown_reply", reply);
        wire.status(request.message(), PublishStatus.IDLE);
        Thread closer = new Thread(
                () -> {
                    interrupt();
                    wire.close();
                    System.exit(0);
                },
                "hpc-kernel-shutdown");
        closer.start();
    }
}
