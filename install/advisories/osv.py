"""Known advisories for the Maven coordinates in `mvn dependency:list` output files (see advisories.sh).

Online: one POST to OSV's /v1/querybatch, then /v1/vulns/ID for each hit's summary and fixed versions.
Offline: OSV_DIR holds OSV JSON records; a record applies when one of its Maven `affected` entries lists
the version or an ECOSYSTEM range covers it.
"""
import functools
import json
import os
import re
import sys
import urllib.error
import urllib.request

LINE = re.compile(r"^\s*([\w.\-]+):([\w.\-]+):[\w\-]+(?::[\w.\-]+)?:([\w.\-+]+):(compile|runtime|test|provided|system)")


def coordinates(paths):
    found = set()
    for path in paths:
        with open(path, encoding="utf-8") as f:
            for line in f:
                m = LINE.match(line)
                if m:
                    found.add((m.group(1) + ":" + m.group(2), m.group(3)))
    return sorted(found)


def tokens(version):
    """Maven-like ordering: numbers numerically; qualifiers alpha < beta < milestone < rc < snapshot < release < sp."""
    order = {"alpha": 1, "a": 1, "beta": 2, "b": 2, "milestone": 3, "m": 3, "rc": 4, "cr": 4, "snapshot": 5, "": 6, "ga": 6,
             "final": 6, "release": 6, "sp": 7}
    return [(1, int(p), "") if p.isdigit() else (0, order.get(p, 6.5), p) for p in re.findall(r"\d+|[a-zA-Z]+", version.lower())]


def compare(a, b):
    """-1, 0 or 1. A missing part reads as 0 before a number and as a release before a qualifier: 1.0 = 1.0.0 < 1.0.1,
    1.0-rc1 < 1.0 < 1.0-sp1."""
    ta, tb = tokens(a), tokens(b)
    for i in range(max(len(ta), len(tb))):
        x = ta[i] if i < len(ta) else ((1, 0, "") if tb[i][0] == 1 else (0, 6, ""))
        y = tb[i] if i < len(tb) else ((1, 0, "") if ta[i][0] == 1 else (0, 6, ""))
        if x != y:
            return -1 if x < y else 1
    return 0


def in_range(version, events):
    introduced, affected = None, False
    for e in events:
        if "introduced" in e:
            introduced = e["introduced"]
            affected = introduced == "0" or compare(version, introduced) >= 0
        elif "fixed" in e and affected and compare(version, e["fixed"]) >= 0:
            affected = False
        elif "last_affected" in e and affected and compare(version, e["last_affected"]) > 0:
            affected = False
    return affected


def fixed_versions(record, name):
    fixed = []
    for a in record.get("affected", []):
        if a.get("package", {}).get("ecosystem") == "Maven" and a["package"].get("name") == name:
            for r in a.get("ranges", []):
                fixed += [e["fixed"] for e in r.get("events", []) if "fixed" in e]
    return fixed


def offline(coords, folder):
    records = []
    for root, _, files in os.walk(folder):
        for f in files:
            if f.endswith(".json"):
                with open(os.path.join(root, f), encoding="utf-8") as fh:
                    records.append(json.load(fh))
    hits = []
    for name, version in coords:
        for rec in records:
            for a in rec.get("affected", []):
                pkg = a.get("package", {})
                if pkg.get("ecosystem") != "Maven" or pkg.get("name") != name:
                    continue
                if version in a.get("versions", []) or any(
                        r.get("type") == "ECOSYSTEM" and in_range(version, r.get("events", [])) for r in a.get("ranges", [])):
                    hits.append((name, version, rec))
                    break
    return hits


def post(url, body):
    req = urllib.request.Request(url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=60) as r:
        return json.load(r)


def online(coords, base):
    hits = []
    for start in range(0, len(coords), 1000):  # querybatch takes at most 1000 queries
        chunk = coords[start:start + 1000]
        answer = post(base + "/v1/querybatch", {"queries": [
            {"package": {"name": n, "ecosystem": "Maven"}, "version": v} for n, v in chunk]})
        for (name, version), result in zip(chunk, answer.get("results", [])):
            for v in result.get("vulns", []):
                with urllib.request.urlopen(base + "/v1/vulns/" + v["id"], timeout=60) as r:
                    hits.append((name, version, json.load(r)))
    return hits


def main():
    coords = coordinates(sys.argv[1:])
    if not coords:
        print("no dependencies listed: did `mvn dependency:list` run?", file=sys.stderr)
        return 2
    folder = os.environ.get("OSV_DIR")
    base = os.environ.get("OSV_URL", "https://api.osv.dev").rstrip("/")
    try:
        hits = offline(coords, folder) if folder else online(coords, base)
    except (urllib.error.URLError, OSError) as e:
        print("could not ask OSV at %s (%s): run where it is reachable, or set OSV_DIR to a folder of OSV "
              "records (OSV's Maven/all.zip, unzipped)" % (base, e), file=sys.stderr)
        return 2
    source = folder or base
    print("%d libraries checked against %s" % (len(coords), source))
    for name, version, rec in hits:
        aliases = ", ".join(rec.get("aliases", []))
        fixed = ", ".join(sorted(set(fixed_versions(rec, name)), key=functools.cmp_to_key(compare))) or "no fixed version listed"
        print("%s:%s  %s%s  %s  (fixed in: %s)" % (name, version, rec.get("id"), " [" + aliases + "]" if aliases else "",
                                                  rec.get("summary", "").strip(), fixed))
    print("%d advisories" % len(hits))
    return 1 if hits else 0


if __name__ == "__main__":
    sys.exit(main())
