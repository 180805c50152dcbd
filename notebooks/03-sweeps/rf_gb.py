"""The HPC-Ops random-forest / gradient-boosting example: cross-validated accuracy on scikit-learn's
breast-cancer data (bundled with sklearn, no download), written to $HPC_RESULT."""
import argparse, json, os
from sklearn.datasets import load_breast_cancer
from sklearn.ensemble import GradientBoostingClassifier, RandomForestClassifier
from sklearn.model_selection import cross_val_score

p = argparse.ArgumentParser()
p.add_argument("--clf", choices=["RF", "GB"], required=True)
# the space is conditional (HPC-Ops' rf_* / gb_* under clf): a trial gets only its own branch's parameter
p.add_argument("--rf_max_depth", type=int)
p.add_argument("--gb_learning_rate", type=float)
a = p.parse_args()

X, y = load_breast_cancer(return_X_y=True)
if a.clf == "RF":
    model = RandomForestClassifier(n_estimators=30, max_depth=a.rf_max_depth, random_state=0)
else:
    model = GradientBoostingClassifier(n_estimators=30, learning_rate=a.gb_learning_rate, random_state=0)
accuracy = cross_val_score(model, X, y, cv=3).mean()
with open(os.environ["HPC_RESULT"], "w") as result:
    json.dump({"accuracy": accuracy}, result)
print(f"{a.clf} accuracy {accuracy:.4f}")
