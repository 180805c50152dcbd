package org.hpckernel.kernel.wire;

import io.github.spencerpark.jupyter.channels.JupyterSocket;
import io.github.spencerpark.jupyter.messages.HMACGenerator;
import java.util.logging.Logger;
import org.zeromq.SocketType;
import org.zeromq.ZMQ;

/**
 * One bound Jupyter socket. basekernel's own ShellChannel sleeps 50 ms every loop turn, which costs
 * every request ~55 ms; these sockets are read by {@link Wire}'s threads with a blocking poll instead.
 */
final class Channel extends JupyterSocket {

    private final String address;

    Channel(ZMQ.Context context, SocketType type, HMACGenerator hmac, String name, String address) {
        super(context, type, hmac, Logger.getLogger("hpc-kernel." + name));
        this.address = address;
    }

    @Override
    public void bind(io.github.spencerpark.jupyter.kernel.KernelConnectionProperties properties) {
        bind();
    }

    void bind() {
        if (!super.bind(address)) {
            throw new IllegalStateException(
                    "cannot bind " + address + ": is another kernel using this connection file?");
        }
    }
}
