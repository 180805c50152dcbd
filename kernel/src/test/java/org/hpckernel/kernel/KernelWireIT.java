package org.hpckernel.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The kernel driven by Debian's jupyter_client over real ZeroMQ sockets. Each scenario in
 * src/test/python/wire_scenarios.py starts a kernel, checks the wire messages, and exits non-zero
 * with what it expected and what came when a check fails.
 */
class KernelWireIT {

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "execute_result_stream_and_error",
                "output_is_batched",
                "stream_arrives_while_cell_runs",
                "display_and_update",
                "png_and_clear_output",
                "a_cell_registers_a_renderer",
                "complete_inspect_is_complete",
                "history_tuples",
                "kernel_info_has_status",
                "interrupt_infinite_loop",
                "stdin_input_request",
                "magics_and_errors",
                "maven_adds_an_artifact_with_its_dependencies",
                "queued_cells_after_an_error_are_aborted",
                "jar_keeps_what_cells_use",
                "shutdown_and_restart"
            })
    void scenarioPassesThroughJupyterClient(String scenario) throws Exception {
        InstalledKernel.Run run = InstalledKernel.run(
                List.of(
                        InstalledKernel.PYTHON,
                        Path.of("src/test/python/wire_scenarios.py")
                                .toAbsolutePath()
                                .toString(),
                        scenario),
                Path.of("."),
                Duration.ofMinutes(3),
                Map.of());
        assertEquals(0, run.exitCode(), run.output());
    }
}
