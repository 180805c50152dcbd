"""A stand-in for a training script as the W&B sweep guide writes one: flags in, one metrics row per
epoch to $HPC_METRICS, the final objective to $HPC_RESULT. Standard library only (compute nodes are
often offline). The loss surface is made up: best near learning_rate 0.01, batch_size 32, adam, dropout 0.2."""
import argparse, json, math, os, random

p = argparse.ArgumentParser()
p.add_argument("--learning_rate", type=float, required=True)
p.add_argument("--batch_size", type=int, required=True)
p.add_argument("--optimizer", choices=["adam", "sgd"], required=True)
p.add_argument("--dropout", type=float, required=True)
p.add_argument("--epochs", type=int, default=5)
a = p.parse_args()

rng = random.Random(f"{a.learning_rate:.9g}-{a.batch_size}-{a.optimizer}-{a.dropout:.9g}")
floor = (0.15 + 0.08 * math.log10(a.learning_rate / 0.01) ** 2 + 0.02 * abs(math.log2(a.batch_size / 32))
         + (0.0 if a.optimizer == "adam" else 0.05) + 0.3 * (a.dropout - 0.2) ** 2)
with open(os.environ["HPC_METRICS"], "a") as metrics:
    for epoch in range(1, a.epochs + 1):
        val_loss = floor + 1.5 * math.exp(-epoch) + rng.gauss(0, 0.005)
        metrics.write(json.dumps({"epoch": epoch, "val_loss": val_loss}) + "\n")
with open(os.environ["HPC_RESULT"], "w") as result:
    json.dump({"val_loss": val_loss}, result)
print(f"val_loss {val_loss:.4f}")
