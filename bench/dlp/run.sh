#!/usr/bin/env bash
# DLP quality and cost: recall per class and clean false scrubs on a corpus generated at run time, and CPU seconds
# per MB of bodies scrubbed, for vibedom's default rules against gitleaks' default config loaded with the same
# engine (the peer, measured in the same run). Not a test: it prints figures and ratios, it asserts nothing.
# With PRESIDIO_DATASET=path/to/synth_dataset_v2.json (presidio-research's evaluation set; not downloadable here)
# it also prints PII recall on Presidio's own dataset beside the per-entity recall Presidio publishes for it
# (PRESIDIO_MISSES=PHONE_NUMBER lists the misses of one entity type).
#   bench/dlp/run.sh [seconds per cost row]   (default 2)
# DLP_BENCH_ONLY=parts: only the engine's cost per class (off, secrets, pii, on; on+nl: with a workspace value of two
# lines) on bodies held whole: bench/proxy's POST, the corpus chat body, and the POST as .NET's JSON writer escapes it
# (\u003C...: dense with \u escapes); DLP_BENCH_POLICY=on (etc.) keeps one row per body, for perf.
# Then bench/dlp/regex-floor.sh: ripgrep over the same rules' regexes, a regex-only pass with Rust's regex crate (lazy DFA).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build "$ROOT/bench/dlp/DlpBench" -c Release -nologo -v:q -clp:ErrorsOnly >/dev/null
"$ROOT/artifacts/bin/DlpBench/release/DlpBench" "${GITLEAKS_TOML:-$ROOT/../shared/conformance/gitleaks/gitleaks.toml}" "${1:-2}"
# the regex floor: ripgrep over the same rules' regexes beside vibedom's engine (not with DLP_BENCH_ONLY, a quick row)
if [ -z "${DLP_BENCH_ONLY:-}" ]; then
  echo "== the regex floor (bench/dlp/regex-floor.sh) =="
  "$ROOT/bench/dlp/regex-floor.sh" "${1:-2}"
fi
