"""Tabulates the RF/GB conditional bench objective once (cached in /tmp), so both samplers score it cheaply.

Objective: 3-fold stratified CV log loss (lower is better) of sklearn's RandomForestClassifier or
GradientBoostingClassifier on load_breast_cancer, random_state=0 everywhere, so every point is deterministic.
Space (HPC-Ops' RF/GB example, ranges ours):
  clf in {RF, GB}
  RF: rf_n_estimators int 5..50 step 5, rf_max_depth int 1..8
  GB: gb_learning_rate float log 0.01..1, gb_n_estimators int 5..50 step 5, gb_max_depth int 1..4
The table holds every RF point (80) and GB at 9 learning rates 10^(-2 + i/4) (360 points); a GB point in between
is interpolated linearly in ln(learning_rate). Output: TSV clf, n_estimators, max_depth, learning_rate, loss.
Usage: /usr/bin/python3 rfgb_table.py [PATH]   (prints PATH; builds it only if missing)
"""
import os
import sys

TABLE = sys.argv[1] if len(sys.argv) > 1 else "/tmp/hpc-kernel-rfgb-v1.tsv"
LRS = [10 ** (-2 + i / 4) for i in range(9)]


def build(path):
    import numpy as np
    from sklearn.datasets import load_breast_cancer
    from sklearn.ensemble import GradientBoostingClassifier, RandomForestClassifier
    from sklearn.model_selection import StratifiedKFold, cross_val_score

    x, y = load_breast_cancer(return_X_y=True)
    cv = StratifiedKFold(n_splits=3, shuffle=True, random_state=0)
    rows = []

    def loss(model):
        return float(-np.mean(cross_val_score(model, x, y, cv=cv, scoring="neg_log_loss")))

    for n in range(5, 51, 5):
        for d in range(1, 9):
            rows.append(("RF", n, d, 0.0, loss(RandomForestClassifier(n_estimators=n, max_depth=d, random_state=0))))
        for d in range(1, 5):
            for lr in LRS:
                m = GradientBoostingClassifier(learning_rate=lr, n_estimators=n, max_depth=d, random_state=0)
                rows.append(("GB", n, d, lr, loss(m)))
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        for r in rows:
            f.write("%s\t%d\t%d\t%.17g\t%.17g\n" % r)
    os.replace(tmp, path)


if not os.path.exists(TABLE):
    build(TABLE)
print(TABLE)
