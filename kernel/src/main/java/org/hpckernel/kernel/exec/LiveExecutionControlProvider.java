package org.hpckernel.kernel.exec;

import java.util.Map;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;

/** Hands JShell our in-process execution control, and keeps it so the evaluator can reach it. */
final class LiveExecutionControlProvider implements ExecutionControlProvider {

    private volatile LiveExecutionControl control;

    @Override
    public String name() {
        return "hpc-kernel-live";
    }

    @Override
    public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) {
        control = new LiveExecutionControl();
        return control;
    }

    LiveExecutionControl control() {
        return control;
    }
}
