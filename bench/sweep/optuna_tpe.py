"""Optuna's side of bench/sweep: (a) TPE ask latency on perf-anchors section 1's space, (b) best value found
on Branin, Hartmann-6 and the conditional RF/GB space, the same protocol as SweepBench.

Run with Debian's interpreter: /usr/bin/python3 bench/sweep/optuna_tpe.py [QUALITY_TSV [RFGB_TABLE]]
(BENCH_JOBS=N spreads the 60 studies over N processes; default 2)
(b) writes one line per (function, column, seed, budget): the best value after that many trials, to
QUALITY_TSV (default /tmp/hpc-kernel-optuna-quality.tsv); SweepBench reads it and prints both side by side.
Columns: "optuna" = TPESampler(seed=s); "optuna-mv" = TPESampler(seed=s, multivariate=True, group=True)
(group only changes anything on the conditional RF/GB space).
"""
import bisect
import math
import os
import statistics
import sys
import time
import warnings

import optuna

warnings.filterwarnings("ignore", category=optuna.exceptions.ExperimentalWarning)
optuna.logging.set_verbosity(optuna.logging.WARNING)

SEEDS = range(10)
BUDGETS = (50, 100, 200)


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


def latency():
    study = optuna.create_study(sampler=optuna.samplers.TPESampler(seed=0, constant_liar=True))
    out, cpu = [], []
    k = 0
    for target in [0, 10, 100, 500, 1000]:
        while k < target:
            t = study.ask()
            study.tell(t, objective(suggest(t)))
            k += 1
        ms, cms = [], []
        for _ in range(10):
            c0, t0 = time.thread_time(), time.perf_counter()
            t = study.ask()
            p = suggest(t)
            ms.append((time.perf_counter() - t0) * 1e3)
            cms.append((time.thread_time() - c0) * 1e3)
            study.tell(t, objective(p))
            k += 1
        out.append("k=%d: %.2f" % (target, statistics.median(ms)))
        cpu.append("k=%d: %.2f" % (target, statistics.median(cms)))
    print("  Optuna %s TPE (constant_liar=True) (wall):  %s" % (optuna.__version__, "  ".join(out)))
    print("  Optuna %s TPE (constant_liar=True) (cpu):   %s" % (optuna.__version__, "  ".join(cpu)))


def branin(t):
    x1, x2 = t.suggest_float("x1", -5, 10), t.suggest_float("x2", 0, 15)
    b, c, r, s, tt = 5.1 / (4 * math.pi ** 2), 5 / math.pi, 6, 10, 1 / (8 * math.pi)
    return (x2 - b * x1 * x1 + c * x1 - r) ** 2 + s * (1 - tt) * math.cos(x1) + s


H_ALPHA = [1.0, 1.2, 3.0, 3.2]
H_A = [[10, 3, 17, 3.5, 1.7, 8], [0.05, 10, 17, 0.1, 8, 14], [3, 3.5, 1.7, 10, 17, 8], [17, 8, 0.05, 10, 0.1, 14]]
H_P = [[1312, 1696, 5569, 124, 8283, 5886], [2329, 4135, 8307, 3736, 1004, 9991],
       [2348, 1451, 3522, 2883, 3047, 6650], [4047, 8828, 8732, 5743, 1091, 381]]


def hartmann6(t):
    x = [t.suggest_float("x%d" % j, 0, 1) for j in range(6)]
    return -sum(H_ALPHA[i] * math.exp(-sum(H_A[i][j] * (x[j] - H_P[i][j] * 1e-4) ** 2 for j in range(6)))
                for i in range(4))


class RfGb:
    """The tabulated RF/GB objective (rfgb_table.py); GB is interpolated linearly in ln(learning_rate)."""

    def __init__(self, path):
        self.rf, self.gb = {}, {}
        for line in open(path):
            clf, n, d, lr, loss = line.split("\t")
            if clf == "RF":
                self.rf[(int(n), int(d))] = float(loss)
            else:
                self.gb.setdefault((int(n), int(d)), []).append((math.log(float(lr)), float(loss)))
        for v in self.gb.values():
            v.sort()

    def gb_loss(self, lr, n, d):
        pts = self.gb[(n, d)]
        x = math.log(lr)
        i = min(max(bisect.bisect_right([p[0] for p in pts], x), 1), len(pts) - 1)
        (x0, y0), (x1, y1) = pts[i - 1], pts[i]
        return y0 + (y1 - y0) * (x - x0) / (x1 - x0)

    def __call__(self, t):
        # define-by-run: the branch's parameters exist only in trials that took it
        if t.suggest_categorical("clf", ["RF", "GB"]) == "RF":
            n = t.suggest_int("rf_n_estimators", 5, 50, step=5)
            d = t.suggest_int("rf_max_depth", 1, 8)
            return self.rf[(n, d)]
        lr = t.suggest_float("gb_learning_rate", 0.01, 1.0, log=True)
        n = t.suggest_int("gb_n_estimators", 5, 50, step=5)
        d = t.suggest_int("gb_max_depth", 1, 4)
        return self.gb_loss(lr, n, d)


COLUMNS = {"optuna": dict(), "optuna-mv": dict(multivariate=True, group=True)}


def one_run(task):
    """One study of max(BUDGETS) trials; the best value after each budget, as TSV lines."""
    fname, cname, seed, rfgb_table = task
    f = {"branin": branin, "hartmann6": hartmann6}.get(fname) or RfGb(rfgb_table)
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    study = optuna.create_study(sampler=optuna.samplers.TPESampler(seed=seed, **COLUMNS[cname]))
    best, lines = math.inf, []
    for n in range(1, max(BUDGETS) + 1):
        t = study.ask()
        v = f(t)
        study.tell(t, v)
        best = min(best, v)
        if n in BUDGETS:
            lines.append("%s\t%s\t%d\t%d\t%.17g\n" % (fname, cname, seed, n, best))
    return lines


def quality(path, rfgb_table, jobs):
    """Every (function, column, seed) study, spread over `jobs` processes (Optuna 3.1 asks cost 10-50 ms)."""
    import multiprocessing

    tasks = [(f, c, s, rfgb_table) for f in ("branin", "hartmann6", "rfgb") for c in COLUMNS for s in SEEDS]
    t0 = time.time()
    with multiprocessing.Pool(jobs) as pool, open(path + ".tmp", "w") as out:
        for lines in pool.imap(one_run, tasks):
            out.writelines(lines)
    import os

    os.replace(path + ".tmp", path)
    print("  Optuna %s quality runs: %d studies in %.0f s on %d processes"
          % (optuna.__version__, len(tasks), time.time() - t0, jobs), file=sys.stderr)


if __name__ == "__main__":
    latency()
    quality(sys.argv[1] if len(sys.argv) > 1 else "/tmp/hpc-kernel-optuna-quality.tsv",
            sys.argv[2] if len(sys.argv) > 2 else "/tmp/hpc-kernel-rfgb-v1.tsv",
            int(os.environ.get("BENCH_JOBS", "2")))
