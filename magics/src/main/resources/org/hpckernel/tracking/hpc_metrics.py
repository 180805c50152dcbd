"""hpc-kernel job metrics, no dependencies, no network.

    import hpc_metrics as m
    m.log({"loss": 0.3, "acc": 0.9})          # one line of $HPC_METRICS (W&B history row shape)
    m.log({"loss": 0.2}, step=10)
    m.summary({"best_acc": 0.93})             # $HPC_SUMMARY, replaced atomically
    m.result(loss=0.2)                        # $HPC_RESULT: {"status": 0, "loss": 0.2}
    m.result(status=1, message="diverged")

Outside a job (variables unset) the files go to the current directory.
"""
import json
import os
import time

_start = time.time()
_step = 0


def _path(var, default):
    return os.environ.get(var) or default


def log(row, step=None):
    """Appends one row; _step counts up from 0 unless given, _timestamp and _runtime are added."""
    global _step
    if step is not None:
        _step = int(step)
    now = time.time()
    line = {"_step": _step, "_timestamp": now, "_runtime": now - _start}
    line.update(row)
    with open(_path("HPC_METRICS", "metrics.jsonl"), "a") as f:
        f.write(json.dumps(line, default=str) + "\n")
        f.flush()
    _step += 1


def _write_atomic(path, obj):
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        json.dump(obj, f, default=str)
    os.replace(tmp, path)


def summary(values):
    """Replaces summary.json with the given object (the final or current metrics)."""
    _write_atomic(_path("HPC_SUMMARY", "summary.json"), dict(values))


def result(status=0, loss=None, message=None, **objectives):
    """Writes result.json in the PanDA/iDDS shape: {"status": 0, "loss": ...}; extra names are objectives."""
    out = {"status": int(status)}
    if loss is not None:
        out["loss"] = loss
    if message is not None:
        out["message"] = message
    out.update(objectives)
    _write_atomic(_path("HPC_RESULT", "result.json"), out)
