#!/usr/bin/env bash
# Runs every benchmark (or the ones named: sandbox, workspace, scan, proxy, dlp). Benchmarks print
# ratios against the peer measured in the same run; they are not tests and assert nothing.
set -euo pipefail
cd "$(dirname "$0")"
which=("$@")
[ ${#which[@]} -eq 0 ] && which=(sandbox workspace scan proxy dlp)
for name in "${which[@]}"; do
  if [ -x "$name/run.sh" ]; then
    echo "=== bench/$name ==="
    "$name/run.sh"
  else
    echo "=== bench/$name: not present ==="
  fi
done
