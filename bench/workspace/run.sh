#!/usr/bin/env bash
# Benchmark of the review: `vibedom diff --stat` and `vibedom apply --yes` on a workspace of FILES files of
# which CHANGED were changed by a stand-in agent through a real overlay (needs root for the mount).
# Goal (issue 3): diff and apply of 1,000 changed files under 1 s each. Not a test: prints the figures.
#   bench/workspace/run.sh [FILES] [CHANGED]
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
FILES=${1:-10000}
CHANGED=${2:-1000}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build "$ROOT/bench/workspace/WorkspaceBench" -c Release -nologo -v:q -clp:ErrorsOnly >/dev/null
dotnet build "$ROOT/src/Vibedom.Cli" -c Release -nologo -v:q -clp:ErrorsOnly >/dev/null
BENCH="$ROOT/artifacts/bin/WorkspaceBench/release/WorkspaceBench"
CLI="$ROOT/artifacts/bin/Vibedom.Cli/release/vibedom"

TMP=$(mktemp -d /tmp/vibedom-bench-XXXXXX)
trap 'rm -rf "$TMP"' EXIT
export VIBEDOM_HOME="$TMP/home"
ms() { local s e; s=$(date +%s%N); "$@" >/dev/null; e=$(date +%s%N); echo $(( (e - s) / 1000000 )); }

echo "workspace: $FILES files, $CHANGED changed by the agent (80% edited, 10% added, 10% deleted)"
ID=$("$BENCH" "$VIBEDOM_HOME" "$TMP/ws" "$FILES" "$CHANGED" | tee /dev/stderr | tail -1)
sync  # the fresh workspace is on disk, as a real one would be
"$CLI" diff "$ID" --stat | tail -1
noop=$(ms "$CLI" --help)
stat=$(ms "$CLI" diff "$ID" --stat)
full=$(ms "$CLI" diff "$ID")
apply=$(ms "$CLI" apply "$ID" --yes)
undo=$(ms "$CLI" undo "$ID")
peer=$(cd "$TMP" && ms git diff --no-index --stat ws merged-copy || true)
printf '%-36s %6s ms\n' "vibedom --help (start-up)" "$noop" "diff --stat" "$stat" "diff (full text)" "$full" "apply --yes" "$apply" "undo" "$undo" \
  "peer: git diff --no-index --stat" "$peer"
awk -v a="$stat" -v b="$peer" 'BEGIN { if (b > 0) printf "ratio diff --stat / git diff --no-index --stat: %.2f\n", a / b }'
printf 'goal: diff --stat and apply --yes under 1000 ms each -> %s\n' "$([ "$stat" -lt 1000 ] && [ "$apply" -lt 1000 ] && echo met || echo NOT met)"
