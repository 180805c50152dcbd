package org.hpckernel.cluster;

/** What a remote command printed and how it exited. */
public record ExecResult(int exitCode, String stdout, String stderr) {

    public boolean ok() {
        return exitCode == 0;
    }
}
