# 1,000,000 W&B-style history rows at full repr precision (~130 MB), as in perf-anchors section 2.
import json, math, random, sys
random.seed(0)
n = int(sys.argv[2]) if len(sys.argv) > 2 else 1_000_000
with open(sys.argv[1], "w") as f:
    for i in range(n):
        f.write(json.dumps({"_step": i, "_timestamp": 1.7e9 + i * 0.1, "loss": math.exp(-i / 2e5) + random.random() * 0.1,
                            "acc": 1 - math.exp(-i / 2e5) * random.random(), "lr": 0.1 * random.random()}) + "\n")
