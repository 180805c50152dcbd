"""Where a launch's time goes, as the kernel itself sees it: launches hpc-kernel (installed by run.sh's
way into JUPYTER_PATH) with HPC_KERNEL_TRACE_START=1 and prints, per launch, each start step's time
since the JVM was created (main, wire listening, kernel_info_reply, JShell built, first result) beside
the client's launch -> kernel_info and launch -> first `1 + 1` result. Usage: start_trace.py [LAUNCHES]"""
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
launches = int(sys.argv[1]) if len(sys.argv) > 1 else 3
sys.argv = sys.argv[:1]
from bench_kernel import launch  # noqa: E402

os.environ["HPC_KERNEL_TRACE_START"] = "1"
for _ in range(launches):
    ready, first, second = launch("hpc-kernel", "1 + 1")
    print("client: launch -> kernel_info %.0f ms, -> first result %.0f ms, next cell %.1f ms" % (ready * 1000, first * 1000, second * 1000),
          file=sys.stderr, flush=True)
