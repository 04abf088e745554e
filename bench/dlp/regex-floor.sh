#!/usr/bin/env bash
# The regex floor under DLP's cost: ripgrep (Rust's regex crate: a lazy DFA over all patterns at once, a fast
# regex engine in this machine's packages) runs vibedom's default secret rules' regexes over bench/proxy's two
# 60 KB bodies, beside vibedom's engine with the same rules (secrets only, held whole, as the proxy scans a request
# body) and with everything on (PII and 4 exact values too). Figures: user CPU ms per 60 KB body; ripgrep's is the
# difference between scanning the body 1,000 times and scanning one line (its pattern compilation), the minimum of
# three runs each. Not a test: it asserts nothing. It answers what issue 14's DLP rows need: with DLP on, the budget
# left for scanning a 60 KB body (mitmdump / 5 less vibedom without DLP, bench/proxy's floor table) is 0.05-0.2 ms.
#   bench/dlp/regex-floor.sh [seconds per vibedom row]   (default 2)
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
if ! command -v rg >/dev/null; then
  [ "$(id -u)" -eq 0 ] || { echo "regex-floor: needs ripgrep (sudo apt-get install -y ripgrep)" >&2; exit 1; }
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ripgrep >/dev/null
fi
[ -x /usr/bin/time ] || { echo "regex-floor: needs GNU time (/usr/bin/time, package 'time')" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
dotnet build "$ROOT/bench/dlp/DlpBench" -c Release -nologo -v:q -clp:ErrorsOnly >/dev/null
bench="$ROOT/artifacts/bin/DlpBench/release/DlpBench"
DLP_BENCH_DUMP="$work" "$bench"

# every rule's regex, one a line; the few ripgrep's syntax refuses are counted and left out
python3 - "$ROOT/src/Vibedom.Scanning/Rules/default-rules.toml" > "$work/all.txt" <<'PY'
import sys, tomllib
for rule in tomllib.load(open(sys.argv[1], 'rb')).get('rules', []):
    if 'regex' in rule:
        print(rule['regex'].replace('\n', ''))
PY
echo x > "$work/one.txt"
rgo=(rg --no-config -U -a -c --regex-size-limit 2G --dfa-size-limit 2G)
refused=0
: > "$work/patterns.txt"
while IFS= read -r pattern; do
  rc=0; "${rgo[@]}" -e "$pattern" "$work/one.txt" >/dev/null 2>&1 || rc=$?
  if [ "$rc" -le 1 ]; then printf '%s\n' "$pattern" >> "$work/patterns.txt"; else refused=$((refused + 1)); fi
done < "$work/all.txt"

user_ms() { # user CPU ms of one ripgrep run over $1
  local rc=0
  /usr/bin/time -f %U -o "$work/t" "${rgo[@]}" -f "$work/patterns.txt" "$1" >/dev/null 2>&1 || rc=$?
  [ "$rc" -le 1 ] || { echo "regex-floor: ripgrep failed on $1" >&2; exit 1; }
  python3 -c 'import sys; print(round(float(open(sys.argv[1]).read().split()[-1]) * 1000))' "$work/t"
}
min() { printf '%s\n' "$@" | sort -n | head -1; }

seconds=${1:-2}
echo "ripgrep $(rg --version | head -1 | cut -d' ' -f2), $(wc -l < "$work/patterns.txt") of vibedom's default rule regexes ($refused refused by its syntax), one set"
printf '%-26s %12s %14s %14s %8s\n' "60 KB body" "ripgrep" "vibedom rules" "vibedom all" "rg/vd"
for body in post get; do
  one=() many=()
  for _ in 1 2 3; do one+=("$(user_ms "$work/one.txt")"); many+=("$(user_ms "$work/${body}1000.bin")"); done
  rg_ms=$(python3 -c 'import sys; print(f"{max(0, int(sys.argv[1]) - int(sys.argv[2])) / 1000:.3f}")' "$(min "${many[@]}")" "$(min "${one[@]}")")
  out=$(DLP_BENCH_ONLY=proxy DLP_BENCH_PARTS=1 DLP_BENCH_BODY=$body "$bench" "${GITLEAKS_TOML:-$ROOT/../shared/conformance/gitleaks/gitleaks.toml}" "$seconds")
  rules=$(sed -n 's/^60 KB whole, secrets only: \([0-9.]*\) .*/\1/p' <<< "$out")
  all=$(sed -n 's/^60 KB whole \([0-9.]*\) CPU ms\/body;.*/\1/p' <<< "$out")
  ratio=$(python3 -c 'import sys; print(f"{float(sys.argv[1]) / float(sys.argv[2]):.2f}x")' "$rg_ms" "$rules")
  printf '%-26s %9s ms %11s ms %11s ms %8s\n' "bench/proxy $body" "$rg_ms" "$rules" "$all" "$ratio"
done
echo "(CPU ms per 60 KB body, user time; ripgrep: regexes only, no keyword gate, entropy, allowlists, decoding or PII;"
echo " vibedom rules: the same rules with all of that but PII, in-process, JIT; rg/vd: ripgrep's cost over vibedom's rules row)"
