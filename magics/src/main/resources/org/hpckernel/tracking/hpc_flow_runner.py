"""hpc-kernel job-side runner for HPC-Ops flow logics. No network; only the standard library.

    python3 hpc_flow_runner.py FLOW_FILE [CLASS]

Runs a flow logic as HPC-Ops' JobExecutor.execute_single_job does (KaitoShioya/HPC-Ops@3e512b7
app/services/job_executor.py): CLASS (default MyFlowLogic) built with cfg = the whole request
(params.json; for an array task the entry of "tasks" at $HPC_ARRAY_TASK_ID), task_scheduler()
awaited, run_task(**dict(**task, **cfg["params"])) for every task in a process pool, results in the
order they complete, create_result(results) awaited. Before that, it makes HPC-Ops' own modules
importable (app.core.base_flow_logic.BaseFlowLogic, app.utils.config.settings) and, when this python
has no wandb, puts the stand-in shipped beside this file in its place. It writes:
  $HPC_METRICS  what the flow logic logged with wandb (and one row per dict result of run_task)
  $HPC_SUMMARY  the runs' summaries, and create_result's dict when it returns one
  $HPC_RESULT   {"status": 0, ...}, or {"status": 1, "message": ...} on failure
"""
import asyncio
import concurrent.futures
import importlib.util
import inspect
import json
import numbers
import os
import pickle
import sys
import time
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import hpc_metrics  # noqa: E402  (shipped beside this file)

# HPC-Ops' modules a flow logic imports, written as small files so that worker processes import them too
_APP = {
    "app/__init__.py": "",
    "app/core/__init__.py": "",
    "app/utils/__init__.py": "",
    "app/core/base_flow_logic.py": '''"""HPC-Ops' flow-logic base class, as hpc-kernel's job runner provides it."""
from abc import ABCMeta, abstractmethod
from typing import Any, Dict, List


class BaseFlowLogic(metaclass=ABCMeta):
    def __init__(self, cfg) -> None:
        self.cfg = cfg

    @abstractmethod
    async def task_scheduler(self) -> List[Dict[str, Any]]:
        raise NotImplementedError

    @abstractmethod
    def run_task(self, **kwargs) -> Any:
        raise NotImplementedError

    @abstractmethod
    async def create_result(self, result_set: List[Any]) -> None:
        raise NotImplementedError
''',
    "app/utils/config.py": '''"""HPC-Ops' settings in a job: the job directory is BASE_DIR_PATH; the rest comes from the environment."""
import os
from functools import lru_cache


class Settings:
    BASE_DIR_PATH: str = os.environ.get("HPC_JOB_DIR") or os.getcwd()
    RESOURCE_GROUP: str = os.environ.get("RESOURCE_GROUP") or os.environ.get("SLURM_JOB_PARTITION")
    WANDB_APIKEY: str = os.environ.get("WANDB_APIKEY") or os.environ.get("WANDB_API_KEY")


@lru_cache
def get_settings() -> Settings:
    return Settings()


settings = get_settings()
''',
}

_DEFAULTS = {"node": None, "vnode_core": 1, "gpu": None, "elapse": "01:00:00", "params": {}, "project": "hpc-ops",
             "group": None, "jobtype": None, "run": None, "flow_logic": "sample_flow_logic:latest"}


def _install_app():
    root = os.path.join(HERE, ".hpc-app")
    for rel, text in _APP.items():
        path = os.path.join(root, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write(text)
    sys.path.insert(0, root)
    os.environ["PYTHONPATH"] = root + os.pathsep + HERE + os.pathsep + os.environ.get("PYTHONPATH", "")


def _install_wandb():
    """The real wandb when this python has it (offline unless the job says otherwise), else the stand-in."""
    try:
        import wandb  # noqa: F401
        if hasattr(wandb, "init"):  # a wandb/ run folder alone imports as an empty namespace package
            os.environ.setdefault("WANDB_MODE", "offline")
            return "wandb " + getattr(wandb, "__version__", "?")
        del sys.modules["wandb"]
        raise ImportError("no wandb package")
    except ImportError:
        import hpc_wandb_standin
        sys.modules["wandb"] = hpc_wandb_standin
        return "hpc-kernel's wandb stand-in (this python has no wandb)"


def _load_cfg():
    path = os.environ.get("HPC_PARAMS", "params.json")
    cfg = {}
    if os.path.exists(path):
        with open(path) as f:
            cfg = json.load(f) or {}
    task_id = os.environ.get("HPC_ARRAY_TASK_ID", "")
    if isinstance(cfg, dict) and isinstance(cfg.get("tasks"), list) and task_id != "":
        cfg = cfg["tasks"][int(task_id)] or {}
    if "flow_logic" not in cfg:  # params alone (--flow-logic with a bare params object): the request around them
        cfg = dict(_DEFAULTS, params=cfg)
    return cfg


def _cpus():
    for var in ("SLURM_CPUS_PER_TASK", "PBS_NP", "NSLOTS", "OMP_NUM_THREADS"):
        if os.environ.get(var, "").isdigit():
            return int(os.environ[var])
    return os.cpu_count() or 1


async def _maybe_await(value):
    return await value if inspect.isawaitable(value) else value


def _cannot_cross(e):
    text = "%s: %s" % (type(e).__name__, e)
    return isinstance(e, pickle.PicklingError) or "pickle" in text.lower()


async def _run(flow_file, cls_name):
    cfg = _load_cfg()
    for var, key in (("WANDB_PROJECT", "project"), ("WANDB_RUN_GROUP", "group"), ("WANDB_JOB_TYPE", "jobtype"), ("WANDB_NAME", "run")):
        if cfg.get(key) is not None:
            os.environ.setdefault(var, str(cfg[key]))
    name = os.path.splitext(os.path.basename(flow_file))[0]
    spec = importlib.util.spec_from_file_location(name, flow_file)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # so that pickling the flow logic for a worker finds its class
    spec.loader.exec_module(module)
    cls = getattr(module, cls_name, None)
    if cls is None:
        raise RuntimeError("%s defines no class %s" % (flow_file, cls_name))
    flow = cls(cfg)
    tasks = list(await _maybe_await(flow.task_scheduler()) or [])
    print("flow runner: %d task(s) from task_scheduler" % len(tasks))
    params = cfg.get("params") or {}
    inputs = []
    for i, task in enumerate(tasks):
        twice = sorted(set(task) & set(params))
        if twice:
            raise TypeError("task %d: %s given both by task_scheduler and by params; HPC-Ops calls run_task(**dict(**task, **params)), "
                            "which refuses a key given twice" % (i, ", ".join(twice)))
        inputs.append(dict(**task, **params))
    started = time.time()
    results = []
    workers = max(1, min(len(inputs), _cpus()))
    with concurrent.futures.ProcessPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(flow.run_task, **kw) for kw in inputs]
        for future in concurrent.futures.as_completed(futures):
            try:
                results.append(future.result())
            except Exception as e:
                if _cannot_cross(e):
                    raise RuntimeError("run_task's inputs or result cannot cross processes (HPC-Ops runs every task in a process "
                                       "pool, which pickles them): %s: %s" % (type(e).__name__, e)) from e
                raise
    print("flow runner: every run_task returned")
    for i, r in enumerate(results):
        if isinstance(r, dict):
            row = {k: v for k, v in r.items() if isinstance(v, numbers.Number) and not isinstance(v, bool)}
            if row:
                hpc_metrics.log(row, step=i)
    final = await _maybe_await(flow.create_result(results))
    out = dict(final) if isinstance(final, dict) else {}
    if out:
        summary_path = os.environ.get("HPC_SUMMARY") or "summary.json"
        merged = {}
        if os.path.exists(summary_path):
            try:
                with open(summary_path) as f:
                    merged = json.load(f) or {}
            except ValueError:
                merged = {}
        merged.update(out)
        hpc_metrics.summary(merged)
    out.setdefault("tasks", len(tasks))
    out.setdefault("seconds", round(time.time() - started, 3))
    status = out.pop("status", 0)
    hpc_metrics.result(status=status, **out)
    print("flow logic %s: %d tasks on %d processes" % (cls_name, len(tasks), workers))


def main(argv):
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    try:
        _install_app()
        print("hpc-kernel flow runner: using " + _install_wandb())
        asyncio.run(_run(argv[1], argv[2] if len(argv) > 2 else "MyFlowLogic"))
        return 0
    except Exception as e:  # the job ends FAILED with a readable result.json
        traceback.print_exc()
        hpc_metrics.result(status=1, message="%s: %s" % (type(e).__name__, e))
        return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
