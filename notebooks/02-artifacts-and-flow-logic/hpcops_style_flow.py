"""A flow logic written for this project in HPC-Ops' shape (github.com/KaitoShioya/HPC-Ops).

HPC-Ops runs a flow logic in three steps: ``task_scheduler`` prepares the inputs of the tasks,
``run_task`` runs one task (each in a process of a pool), ``create_result`` gathers what the tasks
returned. This one tunes a scikit-learn classifier with Optuna:

* task_scheduler  fetches the dataset artifact named by ``params["dataset"]`` (a pickled scikit-learn
                  Bunch: ``data`` a DataFrame, ``target`` labels ``">50K"`` / ``"<=50K"``) and turns it
                  into one task: a one-hot feature matrix and 0/1 labels;
* run_task        runs an Optuna study over the classifier families in ``params["clf"]`` and their
                  ``rf_*`` / ``gb_*`` ranges, logging every trial's cross-validated ``Acc``;
* create_result   rebuilds the study from the returned trials and logs two Optuna figures.

The search space comes from the request's ``params`` as HPC-Ops writes it: ``[name, [choices]]`` for a
choice, ``[name, low, high]`` for a range.
"""
import glob
import os
import pickle
from typing import Any, Dict, List

import numpy as np
import optuna
import pandas as pd
import wandb
from sklearn.ensemble import GradientBoostingClassifier, RandomForestClassifier
from sklearn.model_selection import StratifiedKFold

from app.core.base_flow_logic import BaseFlowLogic
from app.utils.config import settings

SEARCH_TRIALS = 60
FOLDS = 3
SEED = 7

# classifier family -> (estimator, prefix of its ranges in params, how each hyperparameter is drawn)
ESTIMATORS = {
    "RF": (RandomForestClassifier, "rf_", {"max_depth": "int", "min_samples_split": "fraction"}),
    "GB": (GradientBoostingClassifier, "gb_", {"max_depth": "int", "min_samples_split": "fraction"}),
}


def _draw(trial: optuna.Trial, spec: list, kind: str):
    """One hyperparameter from an HPC-Ops range [name, low, high]."""
    name, low, high = spec
    if kind == "int":
        return trial.suggest_int(name, int(low), int(high))
    # a fraction of the samples: scikit-learn wants it in (0, 1]
    return trial.suggest_float(name, max(float(low), 0.01), min(float(high), 1.0))


class MyFlowLogic(BaseFlowLogic):
    def __init__(self, cfg):
        super().__init__(cfg)
        self.api_key = settings.WANDB_APIKEY or None
        if self.api_key:
            wandb.login(key=self.api_key)

    # -- W&B runs: one per step, all in the request's project / group / job type --------------------
    def _open_run(self, step: str, with_config: bool = True):
        prefix = self.cfg.get("run")
        return wandb.init(
            project=self.cfg["project"],
            group=self.cfg.get("group"),
            job_type=self.cfg.get("jobtype"),
            name=f"{prefix}-{step}" if prefix else step,
            config=dict(self.cfg) if with_config else None,
        )

    # -- 1. inputs of the tasks ------------------------------------------------------------------------
    async def task_scheduler(self) -> List[Dict[str, Any]]:
        ref = self.cfg["params"]["dataset"]
        inputs_dir = os.path.join(settings.BASE_DIR_PATH, "inputs", ref.replace(":", "_"))
        run = self._open_run("load-dataset", with_config=False)
        run.use_artifact(ref).download(inputs_dir)
        run.finish()

        pickles = sorted(glob.glob(os.path.join(inputs_dir, "**", "*.pkl"), recursive=True))
        if not pickles:
            raise FileNotFoundError(f"artifact {ref} holds no .pkl file")
        with open(pickles[0], "rb") as f:
            bunch = pickle.load(f)

        features = pd.get_dummies(pd.DataFrame(bunch["data"])).astype(float)
        labels = (pd.Series(bunch["target"]).astype(str) == ">50K").astype(int).to_numpy()
        # the keys must differ from those of params: HPC-Ops passes both to run_task as keyword arguments
        return [{"features": features, "labels": labels}]

    # -- 2. one task: an Optuna study ------------------------------------------------------------------
    def _accuracies(self, trial: optuna.Trial, features: pd.DataFrame, labels: np.ndarray) -> List[float]:
        params = self.cfg["params"]
        family = trial.suggest_categorical(*params["clf"])
        estimator, prefix, kinds = ESTIMATORS[family]
        hyper = {key: _draw(trial, params[prefix + key], kind) for key, kind in kinds.items()}
        scores = []
        splitter = StratifiedKFold(n_splits=FOLDS, shuffle=True, random_state=SEED)
        for train, held_out in splitter.split(features, labels):
            model = estimator(random_state=SEED, **hyper)
            model.fit(features.iloc[train], labels[train])
            scores.append(float((model.predict(features.iloc[held_out]) == labels[held_out]).mean()))
        return scores

    def run_task(self, **kwargs) -> Any:
        features, labels = kwargs["features"], kwargs["labels"]
        run = self._open_run("search")

        def objective(trial):
            scores = self._accuracies(trial, features, labels)
            trial.set_user_attr("folds", scores)
            return float(np.mean(scores))

        def report(study, trial):
            # every finished trial becomes one step of the run
            row = {"Acc": trial.value, "Acc spread": float(np.std(trial.user_attrs["folds"]))}
            row.update({f"Acc fold {i}": s for i, s in enumerate(trial.user_attrs["folds"], start=1)})
            row.update(trial.params)
            run.log(row, step=trial.number)

        study = optuna.create_study(
            direction="maximize",
            study_name="/".join(str(p) for p in (self.cfg["project"], self.cfg.get("group"), self.cfg.get("jobtype")) if p),
            sampler=optuna.samplers.TPESampler(seed=SEED),
        )
        study.optimize(objective, n_trials=SEARCH_TRIALS, callbacks=[report])
        run.summary["best Acc"] = study.best_value
        run.finish()
        # frozen trials cross the process pool; create_result rebuilds a study from them
        return {"best Acc": study.best_value, "trials": study.trials}

    # -- 3. gather -------------------------------------------------------------------------------------
    async def create_result(self, results: List[Any]) -> None:
        study = optuna.create_study(direction="maximize")
        for result in results:
            study.add_trials(result["trials"])
        run = self._open_run("report")
        run.log({
            "search history": wandb.Plotly(optuna.visualization.plot_optimization_history(study)),
            "Acc by hyperparameter": wandb.Plotly(optuna.visualization.plot_slice(study)),
        })
        run.finish()
        return None
