"""Summarises a JFR recording's execution samples of JShell's work: the share of samples under each of
JShell's and javac's steps (inclusive) and the hottest methods (self). Usage: jfr_summary.py FILE.jfr"""
import collections
import re
import subprocess
import sys

text = subprocess.run(["jfr", "print", "--events", "jdk.ExecutionSample", sys.argv[1]], capture_output=True, text=True, check=True).stdout
inclusive, self_time, n = collections.Counter(), collections.Counter(), 0
for sample in text.split("jdk.ExecutionSample {")[1:]:
    frames = re.findall(r"^\s+([\w$.<>]+)\(", sample, re.M)
    if not any(f.startswith("jdk.jshell") for f in frames):
        continue
    n += 1
    self_time[frames[0]] += 1
    for f in set(frames):
        inclusive[f] += 1
steps = [f for f, _ in inclusive.most_common() if f.startswith(("jdk.jshell.", "com.sun.tools.javac."))]
print("%d samples in JShell" % n)
print("inclusive (JShell and javac steps):")
for f in steps[:30]:
    print("  %5.1f%%  %s" % (100.0 * inclusive[f] / n, f))
print("self (hottest methods):")
for f, c in self_time.most_common(15):
    print("  %5.1f%%  %s" % (100.0 * c / n, f))
