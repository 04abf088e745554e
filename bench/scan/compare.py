"""Compares vibedom's and gitleaks' JSON reports on the planted secrets (and overall counts)."""
import json, sys

def load_vibedom(p):
    return {(f["file"], f["rule"]) for f in json.load(open(p))["findings"]}

def load_gitleaks(p, root_hint=None):
    try:
        data = json.load(open(p))
    except Exception:
        return set()
    out = set()
    for f in data:
        path = f["File"]
        if "vibedom-bench-corpus/" in path:
            path = path.split("vibedom-bench-corpus/", 1)[1]
        out.add((path.lstrip("./"), f["RuleID"]))
    return out

v = load_vibedom(sys.argv[1])
g = load_gitleaks(sys.argv[2])
planted = {(p["file"], p["rule"]) for p in json.load(open(sys.argv[3]))}
vp = {x for x in v if x in planted}
gp = {x for x in g if x in planted}
print(f"planted secrets found: vibedom {len(vp)}/{len(planted)}, gitleaks {len(gp)}/{len(planted)}")
print(f"all findings: vibedom {len(v)}, gitleaks {len(g)}; same (file, rule): {len(v & g)}; only vibedom: {len(v - g)}; only gitleaks: {len(g - v)}")
for x in sorted(planted - vp)[:10]:
    print("  vibedom missed planted:", x)
for x in sorted(planted - gp)[:10]:
    print("  gitleaks missed planted:", x)
