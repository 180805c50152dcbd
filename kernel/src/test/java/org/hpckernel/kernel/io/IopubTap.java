package org.hpckernel.kernel.io;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.spencerpark.jupyter.kernel.KernelConnectionProperties;
import io.github.spencerpark.jupyter.messages.Header;
import io.github.spencerpark.jupyter.messages.MessageContext;
import io.github.spencerpark.jupyter.messages.MessageType;
import io.github.spencerpark.jupyter.messages.publish.PublishStatus;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.hpckernel.kernel.wire.Wire;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * A real {@link Wire} on localhost with a ZeroMQ subscriber on its IOPub socket: what a cell publishes
 * is read back as a front end would see it. Messages are unsigned (empty key).
 */
final class IopubTap implements AutoCloseable {

    /** One IOPub message: its type, the msg_id of its parent request, and its content. */
    record Published(String type, String parentId, JsonObject content) {
        String streamName() {
            return content.get("name").getAsString();
        }

        String text() {
            return content.get("text").getAsString();
        }
    }

    private static final long WAIT_MS = 20_000;

    final Wire wire;
    private final ZContext zmq = new ZContext();
    private final ZMQ.Socket sub;

    IopubTap() throws Exception {
        int[] ports = freePorts(5);
        KernelConnectionProperties props =
                KernelConnectionProperties.parse("{\"transport\": \"tcp\", \"ip\": \"127.0.0.1\", "
                        + "\"shell_port\": " + ports[0] + ", \"control_port\": " + ports[1] + ", \"iopub_port\": "
                        + ports[2]
                        + ", \"stdin_port\": " + ports[3] + ", \"hb_port\": " + ports[4]
                        + ", \"signature_scheme\": \"hmac-sha256\", \"key\": \"\"}");
        wire = new Wire(props);
        wire.start(request -> {}, request -> {});
        sub = zmq.createSocket(SocketType.SUB);
        sub.subscribe(new byte[0]);
        sub.setReceiveTimeOut(100);
        sub.connect("tcp://127.0.0.1:" + props.getIopubPort());
        // a subscriber misses what is published before its subscription reaches the publisher: wait for that
        MessageContext probe = request();
        long end = System.currentTimeMillis() + WAIT_MS;
        while (System.currentTimeMillis() < end) {
            wire.status(probe, PublishStatus.IDLE);
            Published p = receive(100);
            if (p != null && probe.getHeader().getId().equals(p.parentId())) {
                break;
            }
        }
        drain();
    }

    /** A fresh execute_request context to publish under. */
    static MessageContext request() {
        Header<?> header = new Header<>(MessageType.EXECUTE_REQUEST);
        return new MessageContext() {
            @Override
            public List<byte[]> getIdentities() {
                return List.of();
            }

            @Override
            public Header<?> getHeader() {
                return header;
            }
        };
    }

    /** The next message published under {@code parent}, waiting for it; fails after a generous wait. */
    Published next(MessageContext parent) {
        long end = System.currentTimeMillis() + WAIT_MS;
        while (System.currentTimeMillis() < end) {
            Published p = receive(100);
            if (p != null && parent.getHeader().getId().equals(p.parentId()) && !"status".equals(p.type())) {
                return p;
            }
        }
        throw new AssertionError(
                "nothing published under " + parent.getHeader().getId() + " within " + WAIT_MS + " ms");
    }

    /** Every message under {@code parent} that arrives until {@code quietMs} pass without one. */
    List<Published> until(MessageContext parent, long quietMs) {
        List<Published> got = new ArrayList<>();
        while (true) {
            Published p = receive(quietMs);
            if (p == null) {
                return got;
            }
            if (parent.getHeader().getId().equals(p.parentId()) && !"status".equals(p.type())) {
                got.add(p);
            }
        }
    }

    /** Every message under any of {@code parents}, until {@code quietMs} pass without one. */
    List<Published> until(List<MessageContext> parents, long quietMs) {
        List<String> ids = parents.stream().map(p -> p.getHeader().getId()).toList();
        List<Published> got = new ArrayList<>();
        while (true) {
            Published p = receive(quietMs);
            if (p == null) {
                return got;
            }
            if (ids.contains(p.parentId()) && !"status".equals(p.type())) {
                got.add(p);
            }
        }
    }

    private void drain() {
        while (receive(200) != null) {
            // messages of the subscription handshake
        }
    }

    private Published receive(long timeoutMs) {
        sub.setReceiveTimeOut((int) timeoutMs);
        byte[] first = sub.recv();
        if (first == null) {
            return null;
        }
        List<byte[]> frames = new ArrayList<>();
        frames.add(first);
        while (sub.hasReceiveMore()) {
            frames.add(sub.recv());
        }
        int delimiter = 0;
        while (!"<IDS|MSG>".equals(new String(frames.get(delimiter), StandardCharsets.UTF_8))) {
            delimiter++;
        }
        JsonObject header = json(frames.get(delimiter + 2));
        JsonObject parent = json(frames.get(delimiter + 3));
        String parentId = parent.has("msg_id") ? parent.get("msg_id").getAsString() : "";
        return new Published(header.get("msg_type").getAsString(), parentId, json(frames.get(delimiter + 5)));
    }

    private static JsonObject json(byte[] frame) {
        return JsonParser.parseString(new String(frame, StandardCharsets.UTF_8)).getAsJsonObject();
    }

    private static int[] freePorts(int n) throws Exception {
        int[] ports = new int[n];
        List<ServerSocket> open = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                ServerSocket s = new ServerSocket(0);
                open.add(s);
                ports[i] = s.getLocalPort();
            }
        } finally {
            for (ServerSocket s : open) {
                s.close();
            }
        }
        return ports;
    }

    @Override
    public void close() {
        sub.close();
        zmq.close();
        wire.close();
    }
}
