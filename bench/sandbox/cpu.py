#!/usr/bin/env python3
"""CPU time (user + system, children included) of a whole `vibedom run WS --yes -- true` beside bare bubblewrap,
interleaved, on a one-file workspace with KEPT ended sessions in VIBEDOM_HOME. Prints medians in ms; asserts nothing.
   bench/sandbox/cpu.py VIBEDOM_BINARY [RUNS] [KEPT]"""
import os, resource, shutil, statistics, subprocess, sys, tempfile

cli = os.path.abspath(sys.argv[1])
runs = int(sys.argv[2]) if len(sys.argv) > 2 else 20
kept = int(sys.argv[3]) if len(sys.argv) > 3 else 50
true = shutil.which("true")
scratch = tempfile.mkdtemp(prefix="vibedom-cpu-")
env = dict(os.environ, VIBEDOM_HOME=os.path.join(scratch, "home"), NO_COLOR="1")
ws = os.path.join(scratch, "ws")
os.makedirs(ws)
open(os.path.join(ws, "README.md"), "w").write("hello\n")
bwrap = ["bwrap", "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc", "--tmpfs", "/tmp", "--unshare-all", "--unshare-user",
         "--disable-userns", "--cap-drop", "ALL", "--uid", "1000", "--gid", "1000", "--die-with-parent", "--new-session", true]
run = [cli, "run", ws, "--yes", "--", true]


def cpu(argv):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(argv, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1000


try:
    subprocess.run([cli, "init"], env=env, stdout=subprocess.DEVNULL, check=True)
    for _ in range(kept):
        cpu(run)
    samples = {"bwrap": [], "vibedom run": []}
    for _ in range(runs):
        samples["bwrap"].append(cpu(bwrap))
        samples["vibedom run"].append(cpu(run))
    for name, values in samples.items():
        print(f"{name:12} CPU median {statistics.median(values):7.1f} ms  (min {min(values):.1f}, max {max(values):.1f}; {runs} runs, {kept} kept sessions)")
    print(f"over bare bubblewrap: {statistics.median(samples['vibedom run']) - statistics.median(samples['bwrap']):.1f} ms")
finally:
    shutil.rmtree(scratch, ignore_errors=True)
