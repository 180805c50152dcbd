# Writes median-optuna.json: what Optuna 3.1's MedianPruner (Debian's python3-optuna) decides for seeded random
# studies. "judged": prune(study, trial) on the running trial as it stands (its last step only);
# "replayed": the first step at which should_prune() turns true when its values are reported one by one.
import json, random, warnings
import optuna
from optuna.distributions import FloatDistribution
from optuna.trial import TrialState, create_trial

warnings.simplefilter("ignore")
optuna.logging.set_verbosity(optuna.logging.ERROR)
rng = random.Random(15)
settings = [dict(), dict(n_startup_trials=2), dict(n_startup_trials=0, n_warmup_steps=3),
            dict(n_startup_trials=3, n_warmup_steps=2, interval_steps=3), dict(n_startup_trials=1, interval_steps=2),
            dict(n_startup_trials=2, n_min_trials=3)]


def curve(length, gap):
    level = rng.uniform(0.2, 2.0)
    steps = sorted(rng.sample(range(length * gap + 1), length)) if gap > 1 else list(range(length))
    return {s: round(level * (1 + 3 * rng.random() / (i + 1)), 3) for i, s in enumerate(steps)}


cases = []
for n in range(80):
    kw = settings[n % len(settings)]
    direction = "maximize" if n % 3 == 2 else "minimize"
    gap = 2 if n % 5 == 4 else 1
    sign = -1 if direction == "maximize" else 1
    others = []
    for _ in range(rng.randint(0, 8)):
        c = {s: sign * v for s, v in curve(rng.randint(0, 15), gap).items()}
        others.append({"state": rng.choice(["COMPLETE", "COMPLETE", "PRUNED", "FAIL"]), "values": c})
    mine = {s: sign * v for s, v in curve(rng.randint(1, 15), gap).items()}
    study = optuna.create_study(direction=direction, pruner=optuna.pruners.MedianPruner(**kw))
    dist = {"x": FloatDistribution(0, 1)}
    for o in others:
        st = TrialState[o["state"]]
        study.add_trial(create_trial(state=st, params={"x": 0.5}, distributions=dist, intermediate_values=o["values"],
                                     value=(list(o["values"].values())[-1] if o["values"] else 1.0) if st == TrialState.COMPLETE else None))
    trial = study.ask()
    replayed = None
    for s, v in mine.items():
        trial.report(v, s)
        if replayed is None and trial.should_prune():
            replayed = s
    frozen = study._storage.get_trial(trial._trial_id)
    judged = study.pruner.prune(study, frozen)
    cases.append({"pruner": kw, "direction": direction,
                  "others": [{"state": o["state"], "values": {str(k): v for k, v in o["values"].items()}} for o in others],
                  "trial": {str(k): v for k, v in mine.items()}, "judged": bool(judged), "replayed_prune_step": replayed})
print(json.dumps(cases))
