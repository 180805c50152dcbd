# Writes hyperband-wandb.json: what wandb/sweeps' hyperband_stop_runs (src/sweeps/hyperband_stopping.py) stops
# for seeded random sweeps. Run with wandb/sweeps' src/ on PYTHONPATH (commit in SOURCES); its pydantic and
# jsonref imports were satisfied by small local stand-ins (SweepRun fields, local $ref resolution), not committed.
import json, random
from sweeps import RunState, SweepRun
from sweeps.hyperband_stopping import hyperband_stop_runs

rng = random.Random(15)
ets = [
    {"type": "hyperband", "min_iter": 3},
    {"type": "hyperband", "min_iter": 2, "eta": 2},
    {"type": "hyperband", "min_iter": 3, "eta": 3, "strict": False},
    {"type": "hyperband", "max_iter": 27, "s": 2},
    {"type": "hyperband", "max_iter": 18, "eta": 3, "s": 2},
    {"type": "hyperband", "max_iter": 81, "eta": 3, "s": 3, "strict": True},
    {"type": "hyperband", "max_iter": 5, "eta": 2, "s": 2},
    {"type": "hyperband", "min_iter": 1, "eta": 2.5},
    {"type": "hyperband", "max_iter": 20, "eta": 1.5, "s": 4, "strict": False},
]
cases = []
for n in range(60):
    et = dict(ets[n % len(ets)])
    goal = "maximize" if n % 4 == 3 else "minimize"
    runs = []
    for r in range(rng.randint(1, 9)):
        length = rng.randint(0, 30)
        level = rng.uniform(0.2, 2.0)
        hist = [round(level * (1 + 3 * rng.random() / (i + 1)), 3) for i in range(length)]
        if goal == "maximize":
            hist = [round(-h, 3) for h in hist]
        state = rng.choice(["running", "running", "running", "finished", "killed"])
        runs.append({"name": "r%d" % r, "state": state, "history": hist})
    sweep_runs = [SweepRun(name=r["name"], state=RunState(r["state"]), history=[{"loss": v} for v in r["history"]]) for r in runs]
    cfg = {"method": "random", "metric": {"name": "loss", "goal": goal}, "early_terminate": et,
           "parameters": {"a": {"values": [1, 2]}}}
    stopped = hyperband_stop_runs(sweep_runs, cfg)
    info = next((r.early_terminate_info for r in sweep_runs if r.early_terminate_info), None)
    cases.append({"early_terminate": et, "goal": goal, "runs": runs, "stopped": [r.name for r in stopped],
                  "bands": info["bands"][:8] if info else None,
                  "thresholds": [t if t != float("inf") else "inf" for t in info["thresholds"][:8]] if info else None})
print(json.dumps(cases, indent=None))
