#!/usr/bin/env bash
# The request bodies a real Claude Code sends over one conversation, for the proxy bench's conversation row:
#   bench/proxy/capture-claude.sh OUTDIR
# Runs the Claude Code CLI the agent tests pin (tests/Vibedom.Testing/Agents/AgentVersions.cs; installed from npm into
# the tests' cache if missing) in print mode on an empty git workspace, against bench/proxy/model_stub.py on 127.0.0.1,
# which asks for a dozen shell steps and records each body. Keeps the /v1/messages bodies of the main conversation
# (those that carry the tool definitions). Nothing leaves the machine: the CLI's API base is the stub, its other
# traffic is turned off.
set -euo pipefail
OUT=${1:?usage: capture-claude.sh OUTDIR}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
VERSION=$(sed -n 's/.*ClaudeCode.*"@anthropic-ai\/claude-code", "\([^"]*\)".*/\1/p' "$ROOT/tests/Vibedom.Testing/Agents/AgentVersions.cs")
PREFIX="${XDG_CACHE_HOME:-$HOME/.cache}/vibedom-tests/agents/anthropic-ai-claude-code@$VERSION"
if [ ! -x "$PREFIX/bin/claude" ]; then
  npm install --global --no-audit --no-fund --prefix "$PREFIX" "@anthropic-ai/claude-code@$VERSION" >/dev/null
fi
WORK=$(mktemp -d); STUB_PID=
trap '[ -n "$STUB_PID" ] && kill "$STUB_PID" 2>/dev/null; rm -rf "$WORK"' EXIT
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
python3 "$ROOT/bench/proxy/model_stub.py" "$WORK/all" "$PORT" & STUB_PID=$!
for _ in $(seq 100); do curl -sf -o /dev/null "http://127.0.0.1:$PORT/" && break; sleep 0.05; done
mkdir -p "$WORK/ws" "$WORK/home"
(cd "$WORK/ws" && git init -q . && echo "# demo" > README.md)
# IS_SANDBOX: the CLI refuses to skip permission prompts as root unless told it runs in a sandbox (this machine is one)
(cd "$WORK/ws" && HOME="$WORK/home" IS_SANDBOX=1 ANTHROPIC_BASE_URL="http://127.0.0.1:$PORT" ANTHROPIC_API_KEY=stub-key \
  DISABLE_TELEMETRY=1 CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC=1 \
  timeout 300 "$PREFIX/bin/claude" -p --dangerously-skip-permissions --output-format text "run the steps" >/dev/null)
mkdir -p "$OUT"
n=0
for f in "$WORK"/all/*_v1_messages.json; do
  if grep -q '"tools":\[' "$f"; then cp "$f" "$OUT/$(printf '%03d' "$n").json"; n=$((n + 1)); fi
done
echo "captured $n bodies of Claude Code $VERSION's conversation in $OUT ($(cat "$OUT"/*.json | wc -c) bytes)" >&2
