"""Builds the benchmark corpus: real text files copied from this machine, up to a size budget.

usage: corpus.py DEST TARGET_MB SDK_DIR STDLIB_DIR
Sources, in order, each up to its share: the .NET SDK's xml/json/cs/md, /usr/share/doc (plain files,
then decompressed .gz), Python's standard library (.py, without site-packages)."""
import gzip, os, shutil, sys

dest, target_mb, sdk, stdlib = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
budget = target_mb * 1_000_000
total = 0

def files(root, pred, skip_dirs=()):
    for d, dirs, fs in os.walk(root):
        dirs[:] = sorted(x for x in dirs if x not in skip_dirs)
        for f in sorted(fs):
            p = os.path.join(d, f)
            if os.path.isfile(p) and not os.path.islink(p) and pred(f):
                yield p

def take(src_root, sub, pred, share, skip_dirs=(), gz=False):
    global total
    used = 0
    for p in files(src_root, pred, skip_dirs):
        if total >= budget or used >= share:
            return
        rel = os.path.relpath(p, src_root)
        out = os.path.join(dest, sub, rel[:-3] if gz else rel)
        os.makedirs(os.path.dirname(out), exist_ok=True)
        try:
            if gz:
                with gzip.open(p, "rb") as fi, open(out, "wb") as fo:
                    shutil.copyfileobj(fi, fo)
            else:
                shutil.copyfile(p, out)
        except (OSError, EOFError):
            continue
        n = os.path.getsize(out)
        used += n
        total += n

take(sdk, "dotnet-sdk", lambda f: f.endswith((".xml", ".json", ".cs", ".md")), 90_000_000)
take(stdlib, "python-stdlib", lambda f: f.endswith(".py"), 40_000_000, skip_dirs=("site-packages", "dist-packages"))
take("/usr/share/doc", "share-doc", lambda f: not f.endswith(".gz"), 60_000_000)
take("/usr/share/doc", "share-doc-gz", lambda f: f.endswith(".gz"), budget, gz=True)
print(f"corpus: {total / 1e6:.0f} MB", file=sys.stderr)
