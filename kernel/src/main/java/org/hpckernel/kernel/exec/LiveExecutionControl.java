package org.hpckernel.kernel.exec;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import jdk.jshell.execution.LocalExecutionControl;
import jdk.jshell.spi.ExecutionControl;

/**
 * Runs snippets in this JVM and keeps the last value as a live object, so a Tablesaw Table or a
 * chart can be rendered richly instead of as JShell's value string. Each snippet runs on its own
 * thread, created by the caller, so it inherits the caller's output routing; {@link #stop()} ends
 * even a {@code while (true) {}} loop.
 */
final class LiveExecutionControl extends LocalExecutionControl {

    private static final Object NO_VALUE = new Object();

    private volatile Thread snippetThread;
    private volatile boolean stopped;
    private volatile Object lastValue = NO_VALUE;

    @Override
    protected String invoke(Method doitMethod) throws Exception {
        Object[] value = {null};
        Throwable[] failure = {null};
        Thread thread = new Thread(
                () -> {
                    try {
                        value[0] = doitMethod.invoke(null);
                    } catch (InvocationTargetException e) {
                        failure[0] = e.getCause();
                    } catch (Throwable e) {
                        failure[0] = e;
                    }
                },
                "jshell-snippet");
        stopped = false;
        snippetThread = thread;
        thread.start();
        try {
            thread.join();
        } catch (InterruptedException e) {
            stop();
            thread.join();
        } finally {
            snippetThread = null;
        }
        if (stopped) {
            throw new ExecutionControl.StoppedException();
        }
        if (failure[0] != null) {
            throw new InvocationTargetException(failure[0]);
        }
        lastValue = value[0];
        return valueString(value[0]);
    }

    /** Ends the running snippet. Thread.stop is the only way to end a loop that never checks for interrupts. */
    @Override
    @SuppressWarnings({"deprecation", "removal"})
    public void stop() {
        Thread thread = snippetThread;
        if (thread != null) {
            stopped = true;
            thread.interrupt();
            try {
                thread.join(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (thread.isAlive()) {
                thread.stop();
            }
        }
    }

    /** The value of the last snippet that ran, taken once; null when it had none. */
    Object takeLastValue() {
        Object v = lastValue;
        lastValue = NO_VALUE;
        return v == NO_VALUE ? null : v;
    }

    void forgetLastValue() {
        lastValue = NO_VALUE;
    }
}
