package org.hpckernel.kernel.wire;

import io.github.spencerpark.jupyter.messages.Message;

/** A request read from the shell or control socket, with the socket to answer on. */
public record Request(Message<?> message, Wire.Socket replyTo) {

    public String type() {
        return message.getHeader().getType().getName();
    }

    // the caller knows the content's type from the message type it dispatched on
    @SuppressWarnings({"unchecked", "TypeParameterUnusedInFormals"})
    public <T> T content() {
        return (T) message.getContent();
    }
}
