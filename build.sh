#!/usr/bin/env bash
# vibedom's one entry point for building, testing, the demo and the benchmarks.
#   ./build.sh          build (Release) and publish the native binary artifacts/publish/vibedom/vibedom
#   ./build.sh test     install what is missing, build, publish, run the whole test suite, then the demo
#   ./build.sh demo     install what is missing, build, publish, run a demo session end to end
#   ./build.sh bench    install what is missing, build, publish, run the benchmarks in bench/ (ratios against peers)
# The native binary is the command users run: ln -s "$PWD/artifacts/publish/vibedom/vibedom" ~/.local/bin/vibedom
# (./vibedom is the same binary). Nothing checks it for staleness at run time: rerun ./build.sh after a change.
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$PWD
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# Debian packages vibedom and its tests need: command -> package
PREREQS=(bwrap:bubblewrap gcc:gcc git:git curl:curl ip:iproute2 nft:nftables ssh-keygen:openssh-client
         setpriv:util-linux openssl:openssl python3:python3 unshare:util-linux script:bsdutils
         node:nodejs go:golang-go tmux:tmux ssh-agent:openssh-client /usr/sbin/sshd:openssh-server)

install_prereqs() {
  local missing=()
  for pair in "${PREREQS[@]}"; do
    command -v "${pair%%:*}" >/dev/null 2>&1 || missing+=("${pair#*:}")
  done
  # static libc for the sandbox helper (gcc -static)
  [ -n "$(find /usr/lib -name libc.a -print -quit 2>/dev/null)" ] || missing+=(libc6-dev)
  # clients the network tests run inside the sandbox
  /usr/bin/python3 -c 'import requests' >/dev/null 2>&1 || missing+=(python3-requests)
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
  local started=$SECONDS
  # -v:q prints nothing until it ends: say what runs, since a first build takes minutes (tens on a busy machine)
  echo "building vibedom.slnx (Release; the first time takes a few minutes) ..."
  dotnet build "$ROOT/vibedom.slnx" -c Release -nologo -clp:NoSummary -v:q "$@"
  echo "built in $((SECONDS - started)) s"
}

# The CLI as a NativeAOT binary (a whole `vibedom run` starts in tens of milliseconds; the JIT build needs
# hundreds). Incremental: unchanged sources publish in seconds; the first publish compiles native code for
# a few minutes, so it says so and shows MSBuild's progress. Without the native toolchain: ReadyToRun.
PUBLISHED="$ROOT/artifacts/publish/vibedom"
publish() {
  local project="$ROOT/src/Vibedom.Cli/Vibedom.Cli.csproj" started=$SECONDS
  echo "publishing the native binary $PUBLISHED/vibedom (NativeAOT; the first time takes a few minutes) ..."
  if ! dotnet publish "$project" -c Release -r linux-x64 -p:PublishAot=true -o "$PUBLISHED" -nologo -v:m -clp:NoSummary; then
    echo "NativeAOT publish failed; publishing a ReadyToRun build instead" >&2
    rm -rf "$PUBLISHED"
    dotnet publish "$project" -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o "$PUBLISHED" -nologo -v:m -clp:NoSummary
  fi
  echo "published $PUBLISHED/vibedom in $((SECONDS - started)) s (install: ln -s $PUBLISHED/vibedom ~/.local/bin/vibedom)"
}

run_tests() {
  local log="$ROOT/artifacts/test-output.log"
  mkdir -p "$ROOT/artifacts"
  local status=0
  # Microsoft.Testing.Platform (global.json) runs every test project of the solution
  dotnet test --solution "$ROOT/vibedom.slnx" -c Release --no-build --no-progress --ignore-exit-code 8 2>&1 | tee "$log" || status=$?
  # one plain closing line over the whole run
  local total failed skipped
  total=$(grep -E '^\s+total: [0-9]+' "$log" | tail -1 | grep -oE '[0-9]+' || echo 0)
  failed=$(grep -E '^\s+failed: [0-9]+' "$log" | tail -1 | grep -oE '[0-9]+' || echo 0)
  skipped=$(grep -E '^\s+skipped: [0-9]+' "$log" | tail -1 | grep -oE '[0-9]+' || echo 0)
  echo "$((total - failed - skipped)) passed, $failed failed, $skipped skipped"
  return $status
}

# The demo session end to end with the native binary publish() made (the tests run the JIT build)
demo_smoke() {
  local log="$ROOT/artifacts/demo.log"
  if "$ROOT/demo/demo.sh" >"$log" 2>&1 && grep -q "undid apply" "$log"; then
    echo "demo session (native binary): ok"
  else
    echo "demo session (native binary) FAILED; the end of $log:" >&2
    tail -40 "$log" >&2
    return 1
  fi
}

case "${1:-build}" in
  build) build; publish ;;
  test)  install_prereqs; build; publish
         # the tests first (their result is the one that matters), then the demo smoke; both always run
         tests=0; run_tests || tests=$?
         demo=0; demo_smoke || demo=$?
         [ "$tests" -eq 0 ] && [ "$demo" -eq 0 ] ;;
  demo)  install_prereqs; build; publish; exec "$ROOT/demo/demo.sh" ;;
  bench) install_prereqs; build; publish; exec "$ROOT/bench/run.sh" "${@:2}" ;;
  *) echo "usage: ./build.sh [build|test|demo|bench]" >&2; exit 2 ;;
esac
