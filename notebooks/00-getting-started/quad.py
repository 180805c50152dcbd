"""A made-up training run for the getting-started sweep: --x in, one metrics row per step to
$HPC_METRICS, the objective to $HPC_RESULT. Standard library only. Best near x = 1.3."""
import argparse, json, os

p = argparse.ArgumentParser()
p.add_argument("--x", type=float, required=True)
a = p.parse_args()

loss = (a.x - 1.3) ** 2
with open(os.environ["HPC_METRICS"], "a") as metrics:
    for step in range(1, 4):
        metrics.write(json.dumps({"_step": step, "loss": loss + 1.0 / step}) + "\n")
with open(os.environ["HPC_RESULT"], "w") as result:
    json.dump({"loss": loss}, result)
print(f"x={a.x} loss={loss:.3f}")
