package com.jcraft.jsch;

/** JSch's host-key refusals, made as its Session makes them (their constructors are package-private). */
public final class HostKeyRefusals {

    private HostKeyRefusals() {}

    public static JSchException unknown(String message) {
        return new JSchUnknownHostKeyException(message);
    }

    public static JSchException changed(String message) {
        return new JSchChangedHostKeyException(message);
    }

    public static JSchException revoked(String message) {
        return new JSchRevokedHostKeyException(message);
    }
}
