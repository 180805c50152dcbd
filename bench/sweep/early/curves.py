"""Learning curves for bench/sweep/early: SGDClassifier.partial_fit one epoch at a time on scikit-learn's digits
(Debian's python3-sklearn, no download), for every point of a 3-parameter grid; per epoch the validation error and
the wall time of that epoch. Written once as JSON; the Java replay (EarlyBench) samples from this grid."""
import itertools, json, sys, time
import numpy as np
from sklearn.datasets import load_digits
from sklearn.linear_model import SGDClassifier
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

EPOCHS = 30
ETA0 = [0.0003, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0]
ALPHA = [1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1]
LOSS = ["hinge", "log_loss", "modified_huber"]

X, y = load_digits(return_X_y=True)
X_train, X_val, y_train, y_val = train_test_split(X, y, test_size=0.3, random_state=0, stratify=y)
scaler = StandardScaler().fit(X_train)
X_train, X_val = scaler.transform(X_train), scaler.transform(X_val)
classes = np.unique(y)
curves = []
for eta0, alpha, loss in itertools.product(ETA0, ALPHA, LOSS):
    clf = SGDClassifier(loss=loss, alpha=alpha, learning_rate="constant", eta0=eta0, random_state=0)
    rng = np.random.RandomState(0)
    errors, seconds = [], []
    for epoch in range(EPOCHS):
        t0 = time.perf_counter()
        order = rng.permutation(len(X_train))
        clf.partial_fit(X_train[order], y_train[order], classes=classes)
        err = 1.0 - clf.score(X_val, y_val)
        seconds.append(time.perf_counter() - t0)
        errors.append(round(err, 6))
    curves.append({"eta0": eta0, "alpha": alpha, "loss": loss, "val_error": errors, "seconds": seconds})
json.dump({"epochs": EPOCHS, "eta0": ETA0, "alpha": ALPHA, "loss": LOSS, "curves": curves}, open(sys.argv[1], "w"))
best = min(curves, key=lambda c: c["val_error"][-1])
print("%d curves x %d epochs; best final val_error %.4f (eta0 %s, alpha %s, %s); %.1f s of epochs in all"
      % (len(curves), EPOCHS, best["val_error"][-1], best["eta0"], best["alpha"], best["loss"],
         sum(sum(c["seconds"]) for c in curves)))
