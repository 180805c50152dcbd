package org.hpckernel.kernel.wire;

import com.google.gson.JsonObject;
import io.github.spencerpark.jupyter.kernel.KernelConnectionProperties;
import io.github.spencerpark.jupyter.messages.HMACGenerator;
import io.github.spencerpark.jupyter.messages.Message;
import io.github.spencerpark.jupyter.messages.MessageContext;
import io.github.spencerpark.jupyter.messages.MessageType;
import io.github.spencerpark.jupyter.messages.publish.PublishStatus;
import io.github.spencerpark.jupyter.messages.request.InputRequest;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.zeromq.SocketType;
import org.zeromq.ZMQ;

/**
 * The five Jupyter sockets and the threads that serve them. Shell and control each get a thread that
 * blocks in a poll (no fixed sleep), hands each request to a handler, and sends replies on the same
 * thread, since a ZeroMQ socket must not be used from two threads at once. IOPub may be published to
 * from any thread (basekernel's sendMessage is synchronized).
 */
public final class Wire implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger("hpc-kernel.wire");
    private static final int POLL_MS = 200;

    /** Which socket a reply goes back on. */
    public enum Socket {
        SHELL,
        CONTROL
    }

    private final ZMQ.Context context = ZMQ.context(1);
    private final Channel shell;
    private final Channel control;
    private final Channel stdin;
    private final Channel iopub;
    private final Channel heartbeat;
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile boolean running;

    public Wire(KernelConnectionProperties props) throws Exception {
        HMACGenerator hmac = props.createHMACGenerator();
        shell = new Channel(context, SocketType.ROUTER, hmac, "shell", address(props, props.getShellPort()));
        control = new Channel(context, SocketType.ROUTER, hmac, "control", address(props, props.getControlPort()));
        stdin = new Channel(context, SocketType.ROUTER, hmac, "stdin", address(props, props.getStdinPort()));
        iopub = new Channel(context, SocketType.PUB, hmac, "iopub", address(props, props.getIopubPort()));
        heartbeat = new Channel(context, SocketType.REP, hmac, "hb", address(props, props.getHbPort()));
    }

    private static String address(KernelConnectionProperties props, int port) {
        String sep = "ipc".equals(props.getTransport()) ? "-" : ":";
        return props.getTransport() + "://" + props.getIp() + sep + port;
    }

    /** Binds every socket, starts serving, and publishes {@code starting}. */
    public void start(Consumer<Request> onShell, Consumer<Request> onControl) {
        for (Channel c : new Channel[] {shell, control, stdin, iopub, heartbeat}) {
            c.bind();
        }
        running = true;
        serve("hpc-kernel-shell", shell, Socket.SHELL, onShell);
        serve("hpc-kernel-control", control, Socket.CONTROL, onControl);
        Thread hb = new Thread(this::echoHeartbeats, "hpc-kernel-heartbeat");
        hb.setDaemon(true);
        hb.start();
        iopub.sendMessage(new Message<>(
                new io.github.spencerpark.jupyter.messages.Header<>(MessageType.PUBLISH_STATUS),
                PublishStatus.STARTING));
    }

    private void serve(String name, Channel socket, Socket which, Consumer<Request> handler) {
        Thread t = new Thread(
                () -> {
                    ZMQ.Poller poller = context.poller(1);
                    poller.register(socket, ZMQ.Poller.POLLIN);
                    while (running) {
                        if (poller.poll(POLL_MS) <= 0 || !poller.pollin(0)) {
                            continue;
                        }
                        Message<?> message;
                        try {
                            message = socket.readMessage();
                        } catch (RuntimeException badMessage) {
                            LOG.log(Level.WARNING, "dropped an unreadable message on " + which, badMessage);
                            continue;
                        }
                        try {
                            handler.accept(new Request(message, which));
                        } catch (RuntimeException bug) {
                            LOG.log(
                                    Level.SEVERE,
                                    "handler failed for " + message.getHeader().getType(),
                                    bug);
                        }
                    }
                    poller.close();
                },
                name);
        t.setDaemon(false);
        t.start();
    }

    private void echoHeartbeats() {
        ZMQ.Poller poller = context.poller(1);
        poller.register(heartbeat, ZMQ.Poller.POLLIN);
        while (running) {
            if (poller.poll(POLL_MS) > 0 && poller.pollin(0)) {
                byte[] ping = heartbeat.recv(0);
                if (ping != null) {
                    heartbeat.send(ping, 0);
                }
            }
        }
        poller.close();
    }

    /**
     * Requests already waiting on the shell socket, taken without blocking. Only the shell thread
     * (the one running handlers) may call this: it owns the socket.
     */
    public java.util.List<Request> takeQueuedShellRequests() {
        java.util.List<Request> queued = new java.util.ArrayList<>();
        ZMQ.Poller poller = context.poller(1);
        poller.register(shell, ZMQ.Poller.POLLIN);
        try {
            while (poller.poll(0) > 0 && poller.pollin(0)) {
                queued.add(new Request(shell.readMessage(), Socket.SHELL));
            }
        } finally {
            poller.close();
        }
        return queued;
    }

    /** Sends a reply whose content is built by hand, so it always carries {@code status}. */
    public void reply(Request request, String replyType, JsonObject content) {
        if (!content.has("status")) {
            content.addProperty("status", "ok");
        }
        Message<JsonObject> reply = new Message<>(request.message(), typeOf(replyType), content);
        socket(request.replyTo()).sendMessage(reply);
    }

    /** Publishes on IOPub with {@code parent} as the parent header; safe from any thread. */
    public void publish(MessageContext parent, String type, Object content) {
        iopub.sendMessage(new Message<>(parent, typeOf(type), content));
    }

    public void status(MessageContext parent, PublishStatus status) {
        iopub.sendMessage(new Message<>(parent, MessageType.PUBLISH_STATUS, status));
    }

    /** Asks the front end for a line of input (input_request on the stdin socket). */
    public String input(MessageContext parent, String prompt, boolean password) {
        synchronized (stdin) {
            stdin.sendMessage(new Message<>(parent, MessageType.INPUT_REQUEST, new InputRequest(prompt, password)));
            Message<?> answer = stdin.readMessage();
            Object content = answer.getContent();
            if (content instanceof io.github.spencerpark.jupyter.messages.reply.InputReply r) {
                return r.getValue();
            }
            throw new IllegalStateException(
                    "expected input_reply, got " + answer.getHeader().getType());
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> MessageType<T> typeOf(String name) {
        MessageType<?> type = MessageType.getType(name);
        if (type == null || type.equals(MessageType.UNKNOWN)) {
            throw new IllegalArgumentException("unknown message type " + name);
        }
        return (MessageType<T>) type;
    }

    private Channel socket(Socket which) {
        return which == Socket.SHELL ? shell : control;
    }

    /** Stops serving; the shell and control threads end within one poll interval. */
    @Override
    public void close() {
        running = false;
        try {
            Thread.sleep(POLL_MS + 50L);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Channel c : new Channel[] {shell, control, stdin, iopub, heartbeat}) {
            try {
                c.close();
            } catch (RuntimeException alreadyGone) {
                // closing a socket that is already gone
                org.slf4j.LoggerFactory.getLogger(Wire.class).debug("closing a socket at shutdown", alreadyGone);
            }
        }
        context.term();
        closed.countDown();
    }

    public void awaitClose() throws InterruptedException {
        closed.await();
    }
}
