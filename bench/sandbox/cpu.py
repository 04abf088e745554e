#!/usr/bin/env python3
"""CPU time (user + system, children included) and wall time of a whole `vibedom run WS --yes -- true` beside bare
bubblewrap, interleaved, on a one-file workspace with KEPT ended sessions in VIBEDOM_HOME; also `vibedom --version` (the
runtime's own start, the floor of every command). Prints medians in ms, the difference and the ratio to bare
bubblewrap; asserts nothing. Further binaries (e.g. the build before a change) are measured in the same rounds,
so before and after share the machine's load.
   bench/sandbox/cpu.py VIBEDOM_BINARY [RUNS] [KEPT] [OTHER_VIBEDOM_BINARY...]"""
import os, resource, shutil, statistics, subprocess, sys, tempfile, time

cli = os.path.abspath(sys.argv[1])
runs = int(sys.argv[2]) if len(sys.argv) > 2 else 20
kept = int(sys.argv[3]) if len(sys.argv) > 3 else 50
others = [os.path.abspath(b) for b in sys.argv[4:]]
true = shutil.which("true")
scratch = tempfile.mkdtemp(prefix="vibedom-cpu-")
env = dict(os.environ, VIBEDOM_HOME=os.path.join(scratch, "home"), NO_COLOR="1")
ws = os.path.join(scratch, "ws")
os.makedirs(ws)
open(os.path.join(ws, "README.md"), "w").write("hello\n")
bwrap = ["bwrap", "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc", "--tmpfs", "/tmp", "--unshare-all", "--unshare-user",
         "--disable-userns", "--cap-drop", "ALL", "--uid", "1000", "--gid", "1000", "--die-with-parent", "--new-session", true]
# Without --as-pid-1, bwrap's host process takes the exit status from an eventfd and exits without reaping the
# sandbox's pid 1 (bwrap's own reaper, which built the mounts), so that process's CPU is missing from the figure
# above; with it, bwrap's sandbox process execs the command and is reaped, as vibedom's (which uses --as-pid-1) is.
bwrap_pid1 = bwrap[:-1] + ["--as-pid-1", true]


walls = {}


def cpu(argv, name=None):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(argv, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    wall = (time.perf_counter() - started) * 1000
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if name is not None:
        walls.setdefault(name, []).append(wall)
    return (after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1000


def label(binary):
    return "vibedom" if binary == cli else os.path.relpath(binary)


try:
    subprocess.run([cli, "init"], env=env, stdout=subprocess.DEVNULL, check=True)
    for _ in range(kept):
        cpu([cli, "run", ws, "--yes", "--", true])
    commands = {"bwrap": bwrap, "bwrap --as-pid-1": bwrap_pid1}
    for binary in [cli, *others]:
        commands[f"{label(binary)} run"] = [binary, "run", ws, "--yes", "--", true]
        commands[f"{label(binary)} --version"] = [binary, "--version"]
    samples = {name: [] for name in commands}
    for _ in range(runs):
        for name, argv in commands.items():
            samples[name].append(cpu(argv, name))
    median = {name: statistics.median(values) for name, values in samples.items()}
    width = max(len(name) for name in commands)
    for name, values in samples.items():
        print(f"{name:{width}} CPU median {median[name]:7.1f} ms  (min {min(values):.1f}, max {max(values):.1f}; {runs} runs, {kept} kept sessions)")
    wall = {name: statistics.median(values) for name, values in walls.items()}
    for name in commands:
        print(f"{name:{width}} wall median {wall[name]:6.1f} ms")
    for binary in [cli, *others]:
        run = median[f"{label(binary)} run"]
        print(f"{label(binary)} run over bare bubblewrap: +{run - median['bwrap']:.1f} ms CPU ({run / median['bwrap']:.1f}x), "
              f"+{wall[f'{label(binary)} run'] - wall['bwrap']:.1f} ms wall; goal: at most +50 ms; "
              f"over bwrap --as-pid-1 (all its processes counted): +{run - median['bwrap --as-pid-1']:.1f} ms CPU")
    for other in others:
        print(f"vibedom run / {label(other)} run: {median['vibedom run'] / median[f'{label(other)} run']:.2f}x "
              f"({median['vibedom run'] - median[f'{label(other)} run']:+.1f} ms)")
finally:
    shutil.rmtree(scratch, ignore_errors=True)
