"""Compares vibedom's and gitleaks' JSON reports on the planted secrets (and overall counts).
usage: compare.py VIBEDOM.json GITLEAKS.json PLANTED.json [CORPUS_DIR]"""
import json, sys

def load_vibedom(p):
    return {(f["file"], f["rule"]) for f in json.load(open(p))["findings"]}

def load_gitleaks(p, root=None):
    try:
        data = json.load(open(p))
    except Exception:
        return set()
    out = set()
    for f in data:
        path = f["File"]
        if root and path.startswith(root.rstrip("/") + "/"):
            path = path[len(root.rstrip("/")) + 1:]
        elif "vibedom-bench-corpus/" in path:
            path = path.split("vibedom-bench-corpus/", 1)[1]
        out.add((path.lstrip("./"), f["RuleID"]))
    return out

v = load_vibedom(sys.argv[1])
g = load_gitleaks(sys.argv[2], sys.argv[4] if len(sys.argv) > 4 else None)
planted = {(p["file"], p["rule"]) for p in json.load(open(sys.argv[3]))}
vp = {x for x in v if x in planted}
gp = {x for x in g if x in planted}
print(f"planted secrets found: vibedom {len(vp)}/{len(planted)}, gitleaks {len(gp)}/{len(planted)}")
print(f"all findings: vibedom {len(v)}, gitleaks {len(g)}; same (file, rule): {len(v & g)}; only vibedom: {len(v - g)}; only gitleaks: {len(g - v)}")
for x in sorted(planted - vp)[:10]:
    print("  vibedom missed planted:", x)
for x in sorted(planted - gp)[:10]:
    print("  gitleaks missed planted:", x)
