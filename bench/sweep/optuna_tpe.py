"""Optuna's TPE ask latency on perf-anchors section 1's space, the same protocol as SweepBench (a).

Run with Debian's interpreter: /usr/bin/python3 bench/sweep/optuna_tpe.py
"""
import math
import statistics
import time

import warnings

import optuna

warnings.filterwarnings("ignore", category=optuna.exceptions.ExperimentalWarning)

optuna.logging.set_verbosity(optuna.logging.WARNING)


def objective(p):
    return (p["x"] ** 2 + math.log10(p["lr"] / 1e-3) ** 2 + abs(p["layers"] - 30) / 10.0
            + (0 if p["opt"] == "adam" else 1) + p["dropout"])


def suggest(trial):
    return {
        "x": trial.suggest_float("x", -10, 10),
        "lr": trial.suggest_float("lr", 1e-5, 1e-1, log=True),
        "layers": trial.suggest_int("layers", 1, 100),
        "opt": trial.suggest_categorical("opt", ["adam", "sgd", "rms"]),
        "dropout": trial.suggest_float("dropout", 0.0, 0.9, step=0.1),
    }


study = optuna.create_study(sampler=optuna.samplers.TPESampler(seed=0, constant_liar=True))
ks = [0, 10, 100, 500, 1000]
out = []
k = 0
for target in ks:
    while k < target:
        t = study.ask()
        study.tell(t, objective(suggest(t)))
        k += 1
    ms = []
    for _ in range(10):
        t0 = time.perf_counter()
        t = study.ask()
        p = suggest(t)
        ms.append((time.perf_counter() - t0) * 1e3)
        study.tell(t, objective(p))
        k += 1
    out.append("k=%d: %.2f" % (target, statistics.median(ms)))
print("  Optuna %s TPE (constant_liar=True):  %s" % (optuna.__version__, "  ".join(out)))
