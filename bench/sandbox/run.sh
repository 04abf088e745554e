#!/usr/bin/env bash
# Sandbox start-to-exit of `true`: a bare process vs bare bubblewrap vs vibedom's namespace runtime
# (the exact argv its planner produces: private mount ns + overlay, explicit minimal root, every
# namespace, no caps, vibedom-init as init), with and without the proxy forwarder, plus the
# in-process runtime API (session.json/session.log bookkeeping and .NET process start included).
# Prints the figures and the ratios measured in this same run. Not a test.
#   bench/sandbox/run.sh [RUNS]      (default 40; needs hyperfine: apt-get install -y hyperfine)
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$(cd ../.. && pwd)
RUNS=${1:-40}
command -v hyperfine >/dev/null || { echo "hyperfine is missing: apt-get install -y hyperfine" >&2; exit 3; }
command -v bwrap >/dev/null || { echo "bubblewrap is missing: apt-get install -y bubblewrap" >&2; exit 3; }

dotnet build SandboxBench/SandboxBench.csproj -c Release -nologo -v:q -clp:NoSummary >&2
BENCH="$ROOT/artifacts/bin/SandboxBench/release/SandboxBench"
SCRATCH=$(mktemp -d /tmp/vibedom-bench-XXXXXX)
trap 'rm -rf "$SCRATCH"' EXIT

"$BENCH" "$SCRATCH/a" plan
"$BENCH" "$SCRATCH/b" plan --network
VIBEDOM=$(cat "$SCRATCH/a/plan.argv")
VIBEDOM_NET=$(cat "$SCRATCH/b/plan-net.argv")
TRUE=$(command -v true)
# bare bubblewrap: the same namespaces and no caps, host / read-only, no overlay, no init, no masks
BWRAP="bwrap --ro-bind / / --dev /dev --proc /proc --tmpfs /tmp --unshare-all --unshare-user --disable-userns --cap-drop ALL --uid 1000 --gid 1000 --die-with-parent --new-session $TRUE"

hyperfine -N --style basic --warmup 5 --runs "$RUNS" --export-json "$SCRATCH/h.json" \
  -n bare "$TRUE" -n bwrap "$BWRAP" -n vibedom "$VIBEDOM" -n vibedom+proxy-route "$VIBEDOM_NET" >&2

# the whole CLI as a user runs it: process start-up, config, pre-flight scan, proxy socket, manifest,
# sandbox, summary (a one-file workspace; VIBEDOM_HOME initialised once beforehand), with the NativeAOT
# binary ./build.sh publishes (./build.sh bench publishes it first)
CLI="$ROOT/artifacts/publish/vibedom/vibedom"
[ -x "$CLI" ] || { echo "$CLI is missing: run ./build.sh first" >&2; exit 3; }
mkdir -p "$SCRATCH/ws" && echo hello > "$SCRATCH/ws/README.md"
VIBEDOM_HOME="$SCRATCH/home" "$CLI" init >/dev/null
hyperfine -N --style basic --warmup 2 --runs $(( RUNS / 4 > 5 ? RUNS / 4 : 5 )) --export-json "$SCRATCH/cli.json" \
  -n "vibedom run (whole CLI)" "env VIBEDOM_HOME=$SCRATCH/home $CLI run $SCRATCH/ws --yes -- $TRUE" >&2

API=$("$BENCH" "$SCRATCH/c" loop "$RUNS")   # median min max
SPAWN=$("$BENCH" "$SCRATCH/d" spawn "$RUNS")
RAW=$("$BENCH" "$SCRATCH/e" raw "$RUNS")

python3 - "$SCRATCH/h.json" "$API" "$SPAWN" "$RAW" "$SCRATCH/cli.json" <<'PY'
import json, sys
r = {x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}
r.update({x["command"]: x for x in json.load(open(sys.argv[5]))["results"]})
ms = lambda n: r[n]["median"] * 1000   # medians: robust to the noise of a shared 2-core machine
api_median, api_min, api_max = (float(v) for v in sys.argv[2].split())
spawn_median, spawn_min, spawn_max = (float(v) for v in sys.argv[3].split())
raw_median, raw_min, raw_max = (float(v) for v in sys.argv[4].split())
print(f"{'start-to-exit of true':34} {'median':>8} {'min':>7} {'max':>7}  (ms)")
for n in ["bare", "bwrap", "vibedom", "vibedom+proxy-route", "vibedom run (whole CLI)"]:
    x = r[n]
    print(f"{n:34} {ms(n):8.2f} {x['min']*1000:7.2f} {x['max']*1000:7.2f}")
print(f"{'vibedom runtime API (in-process)':34} {api_median:8.2f} {api_min:7.2f} {api_max:7.2f}")
print(f"{'  same plan, no session bookkeeping':34} {raw_median:8.2f} {raw_min:7.2f} {raw_max:7.2f}")
print(f"{'.NET ProcessRunner: true':34} {spawn_median:8.2f} {spawn_min:7.2f} {spawn_max:7.2f}")
print()
print(f"vibedom / bwrap           = {ms('vibedom')/ms('bwrap'):.2f}x  (+{ms('vibedom')-ms('bwrap'):.1f} ms; goal: < +50 ms)")
print(f"vibedom / bare process    = {ms('vibedom')/ms('bare'):.1f}x")
print(f"proxy route / no route    = {ms('vibedom+proxy-route')/ms('vibedom'):.2f}x  (+{ms('vibedom+proxy-route')-ms('vibedom'):.1f} ms)")
print(f"runtime API / bwrap       = {api_median/ms('bwrap'):.2f}x  (+{api_median-ms('bwrap'):.1f} ms incl. session bookkeeping and the .NET spawn)")
print(f"session bookkeeping       = {api_median-raw_median:.1f} ms  (session.json x2, session.log, run state files)")
cli = ms("vibedom run (whole CLI)")
print(f"whole CLI / bwrap         = {cli/ms('bwrap'):.1f}x  (+{cli-ms('bwrap'):.0f} ms wall: process start-up, config, pre-flight scan, proxy socket, manifest, review summary; goal: < +50 ms)")
# CPU time (user + system, children included: hyperfine's means) is robust on a busy shared machine, where wall time is not
cpu = lambda n: (r[n]["user"] + r[n]["system"]) * 1000
print(f"whole CLI / bwrap, CPU    = {cpu('vibedom run (whole CLI)')/cpu('bwrap'):.1f}x  ({cpu('vibedom run (whole CLI)'):.0f} vs {cpu('bwrap'):.0f} ms CPU, +{cpu('vibedom run (whole CLI)')-cpu('bwrap'):.0f} ms; goal: < +50 ms)")
PY

# the primary figure: CPU per whole run beside bare bubblewrap, interleaved (user + system, children included)
echo
python3 cpu.py "$CLI" "$(( RUNS / 2 > 10 ? RUNS / 2 : 10 ))" 20
