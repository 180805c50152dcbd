"""Step-by-step check on a fixed history: Optuna 3.1's next TPE point on Hartmann-6 after the same 30 trials,
over 300 sampler seeds. Writes the history (for FixedHistoryBench) and prints the mean/median/quartiles of
f at the proposed point. Run: /usr/bin/python3 bench/sweep/fixed_history.py [HISTORY_TSV] [N_TRIALS]
"""
import sys
import warnings

import numpy as np
import optuna

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from optuna_tpe import hartmann6  # noqa: E402

warnings.filterwarnings("ignore")
optuna.logging.set_verbosity(optuna.logging.WARNING)
path = sys.argv[1] if len(sys.argv) > 1 else "/tmp/hpc-kernel-h6-history.tsv"
n = int(sys.argv[2]) if len(sys.argv) > 2 else 30
study = optuna.create_study(sampler=optuna.samplers.TPESampler(seed=123))
study.optimize(hartmann6, n_trials=n)
with open(path, "w") as f:
    for t in study.trials:
        f.write("\t".join("%.17g" % t.params["x%d" % j] for j in range(6)) + "\t%.17g\n" % t.value)
for opts in (dict(), dict(multivariate=True)):
    vals = []
    for seed in range(300):
        s = optuna.create_study(sampler=optuna.samplers.TPESampler(seed=seed, **opts))
        s.add_trials(study.trials)
        vals.append(hartmann6(s.ask()))
    q = np.percentile(vals, [25, 50, 75])
    print("Optuna 3.1 %-18s next point after %d trials: mean %.4f  quartiles %.4f %.4f %.4f"
          % (opts or "default", n, np.mean(vals), *q))
