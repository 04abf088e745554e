#!/usr/bin/env bash
# vibedom's one entry point for building, testing, the demo and the benchmarks.
#   ./build.sh          build (Release)
#   ./build.sh test     install what is missing, build, run the whole test suite
#   ./build.sh demo     install what is missing, build, run a demo session end to end
#   ./build.sh bench    run the benchmarks in bench/ (prints ratios against peers)
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$PWD
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# Debian packages vibedom and its tests need: command -> package
PREREQS=(bwrap:bubblewrap git:git curl:curl socat:socat ip:iproute2 nft:nftables ssh-keygen:openssh-client
         setpriv:util-linux openssl:openssl python3:python3 unshare:util-linux)

install_prereqs() {
  local missing=()
  for pair in "${PREREQS[@]}"; do
    command -v "${pair%%:*}" >/dev/null 2>&1 || missing+=("${pair#*:}")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    echo "missing packages: ${missing[*]} (run: sudo apt-get install -y ${missing[*]})" >&2
    return 1
  fi
  echo "installing: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

build() {
  dotnet build "$ROOT/vibedom.slnx" -c Release -nologo -clp:NoSummary -v:q "$@"
}

run_tests() {
  local results="$ROOT/artifacts/test-results"
  rm -rf "$results"; mkdir -p "$results"
  local status=0
  dotnet test "$ROOT/vibedom.slnx" -c Release --no-build --nologo \
      --logger "trx" --results-directory "$results" -- RunConfiguration.TestSessionTimeout=3600000 || status=$?
  # one plain closing line over every test project
  python3 - "$results" <<'PY'
import sys, glob, xml.etree.ElementTree as ET
p = f = s = 0
for path in glob.glob(sys.argv[1] + "/*.trx"):
    c = ET.parse(path).getroot().find("{*}ResultSummary/{*}Counters")
    if c is None: continue
    p += int(c.get("passed", 0)); f += int(c.get("failed", 0)) + int(c.get("error", 0)) + int(c.get("timeout", 0))
    s += int(c.get("notExecuted", 0))
print(f"{p} passed, {f} failed, {s} skipped")
PY
  return $status
}

case "${1:-build}" in
  build) build ;;
  test)  install_prereqs; build; run_tests ;;
  demo)  install_prereqs; build; exec "$ROOT/demo/demo.sh" ;;
  bench) install_prereqs; build; exec "$ROOT/bench/run.sh" "${@:2}" ;;
  *) echo "usage: ./build.sh [build|test|demo|bench]" >&2; exit 2 ;;
esac
