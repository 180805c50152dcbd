"""hpc-kernel against Debian's ipykernel, side by side, in one run (medians over fresh launches).

first result   = KernelManager.start_kernel() until the first `1 + 1` cell's status: idle
next cell      = the second `1 + 1` cell of that kernel, right after the first
magic first    = start_kernel() until a magic-only first cell (`%lsmagic`) is idle
settled cell   = `1 + 1` round trip after 10 warm-up cells (median of many)
kernel_info    = start_kernel() until the first kernel_info_reply (wait_for_ready)
"""
import statistics
import sys
import time

import jupyter_client

LAUNCHES = int(sys.argv[1]) if len(sys.argv) > 1 and sys.argv[1].isdigit() else 6
EXECUTES = int(sys.argv[2]) if len(sys.argv) > 2 and sys.argv[2].isdigit() else 40


def round_trip(kc, code):
    t0 = time.perf_counter()
    msg_id = kc.execute(code)
    while True:
        m = kc.get_iopub_msg(timeout=60)
        if m["parent_header"].get("msg_id") == msg_id and m["msg_type"] == "status" and m["content"]["execution_state"] == "idle":
            break
    elapsed = time.perf_counter() - t0
    kc.get_shell_msg(timeout=60)
    return elapsed


def launch(kernel, first_code):
    """Returns (launch -> kernel_info, launch -> first cell idle, second `1 + 1` cell)."""
    km = jupyter_client.KernelManager(kernel_name=kernel)
    t0 = time.perf_counter()
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    kc.wait_for_ready(timeout=60)
    ready = time.perf_counter() - t0
    round_trip(kc, first_code)
    first = time.perf_counter() - t0
    second = round_trip(kc, "1 + 1")
    kc.stop_channels()
    km.shutdown_kernel(now=True)
    return ready, first, second


def measure(kernel):
    java_first = [launch(kernel, "1 + 1") for _ in range(LAUNCHES)]
    magic_first = [launch(kernel, "%lsmagic") for _ in range(LAUNCHES)]
    km = jupyter_client.KernelManager(kernel_name=kernel)
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    kc.wait_for_ready(timeout=60)
    for _ in range(10):  # warm-up, not counted
        round_trip(kc, "1 + 1")
    settled = statistics.median(round_trip(kc, "1 + 1") for _ in range(EXECUTES))
    kc.stop_channels()
    km.shutdown_kernel(now=True)
    med = lambda rows, i: statistics.median(r[i] for r in rows)
    return {
        "launch -> first `1 + 1` result": med(java_first, 1),
        "next trivial cell (2nd `1 + 1`)": med(java_first, 2),
        "launch -> magic first cell": med(magic_first, 1),
        "settled trivial cell": settled,
        "launch -> kernel_info": med(java_first + magic_first, 0),
    }


def main():
    java = measure("hpc-kernel")
    python = measure("python3")
    ms = lambda s: "%.1f ms" % (s * 1000)
    print("%-34s %12s %12s %7s" % ("", "hpc-kernel", "ipykernel", "ratio"))
    for label in java:
        print("%-34s %12s %12s %7.2f" % (label, ms(java[label]), ms(python[label]), java[label] / python[label]))
    print("medians of %d launches per row and kernel; settled: median of %d after 10 warm-up" % (LAUNCHES, EXECUTES))


if __name__ == "__main__":
    main()
