"""Cold start and execute round trip: hpc-kernel against Debian's ipykernel, side by side, one run.

cold start = KernelManager.start_kernel() until the first kernel_info_reply (wait_for_ready)
round trip = execute_request sent until its status: idle arrives, median over many
"""
import statistics
import sys
import time

import jupyter_client

LAUNCHES = int(sys.argv[1]) if len(sys.argv) > 1 else 10
EXECUTES = int(sys.argv[2]) if len(sys.argv) > 2 else 60


def round_trip(kc, code):
    t0 = time.perf_counter()
    msg_id = kc.execute(code)
    while True:
        m = kc.get_iopub_msg(timeout=30)
        if m["parent_header"].get("msg_id") == msg_id and m["msg_type"] == "status" and m["content"]["execution_state"] == "idle":
            break
    elapsed = time.perf_counter() - t0
    kc.get_shell_msg(timeout=30)
    return elapsed


def measure(kernel, codes):
    starts = []
    for _ in range(LAUNCHES):
        km = jupyter_client.KernelManager(kernel_name=kernel)
        t0 = time.perf_counter()
        km.start_kernel()
        kc = km.client()
        kc.start_channels()
        kc.wait_for_ready(timeout=60)
        starts.append(time.perf_counter() - t0)
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    km = jupyter_client.KernelManager(kernel_name=kernel)
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    kc.wait_for_ready(timeout=60)
    trips = {}
    for label, code in codes.items():
        for _ in range(10):  # warm-up, not counted
            round_trip(kc, code)
        trips[label] = statistics.median(round_trip(kc, code) for _ in range(EXECUTES))
    kc.stop_channels()
    km.shutdown_kernel(now=True)
    return statistics.median(starts), min(starts), trips


def main():
    java = measure("hpc-kernel", {"trivial expression": "1 + 1", "empty cell": ""})
    python = measure("python3", {"trivial expression": "1 + 1", "empty cell": ""})
    ms = lambda s: "%.1f ms" % (s * 1000)
    print("%-34s %14s %14s %8s" % ("", "hpc-kernel", "ipykernel", "ratio"))
    print("%-34s %14s %14s %8.2f" % ("cold start to kernel_info (median)", ms(java[0]), ms(python[0]), java[0] / python[0]))
    print("%-34s %14s %14s %8.2f" % ("cold start (best)", ms(java[1]), ms(python[1]), java[1] / python[1]))
    for label in java[2]:
        j, p = java[2][label], python[2][label]
        print("%-34s %14s %14s %8.2f" % ("execute round trip: " + label, ms(j), ms(p), j / p))
    print("launches: %d per kernel; round trips: median of %d after 10 warm-up" % (LAUNCHES, EXECUTES))


if __name__ == "__main__":
    main()
