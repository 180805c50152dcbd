import sys, time
import pandas as pd
t0 = time.perf_counter()
df = pd.read_json(sys.argv[1], lines=True)
d = df.describe()
secs = time.perf_counter() - t0
print(d)
print("pandas read_json+describe: %d rows in %.3f s" % (len(df), secs))
