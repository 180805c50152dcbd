"""One start-up lever at a time: kernelspecs that differ only in their JVM flags, launched in turn
(round robin, so a busy machine slows every variant alike). Prints launch -> first `1 + 1`
result and the next `1 + 1` cell per variant, medians. Usage: levers.py SPEC_DIR VARIANTS_JSON [LAUNCHES]
VARIANTS_JSON maps a label to a full argv (with {resource_dir} and {connection_file})."""
import json
import os
import statistics
import sys
import tempfile

import jupyter_client

sys.path.insert(0, os.path.dirname(__file__))
from bench_kernel import launch  # noqa: E402

spec_dir, variants = sys.argv[1], json.loads(open(sys.argv[2]).read())
launches = int(sys.argv[3]) if len(sys.argv) > 3 else 5
root = tempfile.mkdtemp()
names = {}
for i, (label, argv) in enumerate(variants.items()):
    name = "lever%d" % i
    d = os.path.join(root, "kernels", name)
    os.makedirs(d)
    argv = [a.replace("{resource_dir}", spec_dir) for a in argv]
    json.dump({"argv": argv, "display_name": label, "language": "java", "interrupt_mode": "message"}, open(os.path.join(d, "kernel.json"), "w"))
    names[label] = name
os.environ["JUPYTER_PATH"] = root + os.pathsep + os.environ.get("JUPYTER_PATH", "")
rows = {label: [] for label in variants}
for _ in range(launches):
    for label in variants:
        rows[label].append(launch(names[label], "1 + 1"))
print("%-44s %12s %12s" % ("variant", "first result", "next cell"))
for label, r in rows.items():
    print("%-44s %9.0f ms %9.1f ms" % (label, statistics.median(x[1] for x in r) * 1000, statistics.median(x[2] for x in r) * 1000))
