"""hpc-kernel job-side runner for HPC-Ops flow logics. No network, no packages beyond the standard library.

    python3 hpc_flow_runner.py FLOW_FILE [CLASS]

Loads CLASS (default MyFlowLogic) from FLOW_FILE, builds it with the job's params (params.json; for an
array task the entry of "tasks" at $HPC_ARRAY_TASK_ID), calls task_scheduler(), runs
run_task(**task, **params) for every task in parallel processes (as many as the job has CPUs), passes the
results in task order to create_result(results), and writes:
  $HPC_METRICS  one row per task result (numbers only), _step = task index
  $HPC_SUMMARY  the object create_result returned (when it is a dict)
  $HPC_RESULT   {"status": 0, ...create_result's dict...}, or {"status": 1, "message": ...} on failure
"""
import importlib.util
import json
import multiprocessing
import numbers
import os
import sys
import time
import traceback

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import hpc_metrics  # noqa: E402  (shipped beside this file)

_flow = None
_params = None


def _load_params():
    path = os.environ.get("HPC_PARAMS", "params.json")
    params = {}
    if os.path.exists(path):
        with open(path) as f:
            params = json.load(f) or {}
    task_id = os.environ.get("HPC_ARRAY_TASK_ID", "")
    if isinstance(params, dict) and isinstance(params.get("tasks"), list) and task_id != "":
        params = params["tasks"][int(task_id)] or {}
    return params


def _cpus():
    for var in ("SLURM_CPUS_PER_TASK", "PBS_NP", "NSLOTS", "OMP_NUM_THREADS"):
        if os.environ.get(var, "").isdigit():
            return int(os.environ[var])
    return os.cpu_count() or 1


def _run_one(task):
    merged = dict(_params)
    merged.update(task)  # a task's own values win over the request's params
    return _flow.run_task(**merged)


def main(argv):
    global _flow, _params
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    flow_file = argv[1]
    cls_name = argv[2] if len(argv) > 2 else "MyFlowLogic"
    try:
        _params = _load_params()
        spec = importlib.util.spec_from_file_location("user_flow_logic", flow_file)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        cls = getattr(module, cls_name, None)
        if cls is None:
            raise RuntimeError("%s defines no class %s" % (flow_file, cls_name))
        _flow = cls(_params)
        tasks = list(_flow.task_scheduler() or [])
        started = time.time()
        workers = max(1, min(len(tasks), _cpus()))
        if workers > 1:
            with multiprocessing.get_context("fork").Pool(workers) as pool:
                results = pool.map(_run_one, tasks)
        else:
            results = [_run_one(t) for t in tasks]
        for i, r in enumerate(results):
            if isinstance(r, dict):
                row = {k: v for k, v in r.items() if isinstance(v, numbers.Number) and not isinstance(v, bool)}
                if row:
                    hpc_metrics.log(row, step=i)
        final = _flow.create_result(results)
        out = dict(final) if isinstance(final, dict) else {"result": final}
        out.setdefault("tasks", len(tasks))
        out.setdefault("seconds", round(time.time() - started, 3))
        hpc_metrics.summary(out)
        status = out.pop("status", 0)
        hpc_metrics.result(status=status, **out)
        print("flow logic %s: %d tasks on %d processes, result %s" % (cls_name, len(tasks), workers, json.dumps(out, default=str)))
        return 0
    except Exception as e:  # the job ends FAILED with a readable result.json
        traceback.print_exc()
        hpc_metrics.result(status=1, message="%s: %s" % (type(e).__name__, e))
        return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
