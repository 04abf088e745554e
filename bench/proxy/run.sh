#!/usr/bin/env bash
# vibedom's egress proxy against mitmdump (Debian's mitmproxy), measured in the same run on
# the same loopback upstream. Not a test: it prints numbers and ratios, it asserts nothing.
#
#   bench/proxy/run.sh            (env: BENCH_SECONDS=5 BENCH_CONCURRENCY=10 BENCH_BIG_MB=100,
#                                  BENCH_AOT=1 to measure a NativeAOT build of the proxy)
#
# Rows: requests/s and proxy CPU ms per request (utime+stime of the proxy process / 200
# responses) for HTTP keep-alive, HTTPS keep-alive (CONNECT + interception), HTTPS with a new
# connection per request, HTTPS 60 KB JSON; 100 MB HTTPS download throughput and the proxy's
# peak RSS; SSE first-event latency (warm tunnel, median); start-up to first proxied request.
# Both proxies intercept TLS and verify the upstream against the bench CA; vibedom also checks
# its allowlist and writes network.jsonl, mitmdump runs with its defaults (-q, no addon).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
DUR=${BENCH_SECONDS:-5}
CONC=${BENCH_CONCURRENCY:-10}
BIG_MB=${BENCH_BIG_MB:-100}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

need=()
command -v mitmdump >/dev/null || need+=(mitmproxy)
command -v hey >/dev/null || need+=(hey)
command -v curl >/dev/null || need+=(curl)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then echo "missing: ${need[*]} (sudo apt-get install -y ${need[*]})" >&2; exit 3; fi
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

if [ "${BENCH_AOT:-0}" = 1 ]; then   # NativeAOT, as the product's launch path is meant to ship
  dotnet publish "$ROOT/bench/proxy/ProxyBench/ProxyBench.csproj" -c Release -r linux-x64 -p:PublishAot=true \
    -o "$ROOT/artifacts/bench-proxy-aot" -nologo -v:q -clp:NoSummary >/dev/null
  BENCH="$ROOT/artifacts/bench-proxy-aot/ProxyBench"
else
  dotnet build "$ROOT/bench/proxy/ProxyBench/ProxyBench.csproj" -c Release -nologo -v:q -clp:NoSummary >/dev/null
  BENCH="$ROOT/artifacts/bin/ProxyBench/release/ProxyBench"
fi
WORK=$(mktemp -d /tmp/vibedom-proxy-bench.XXXXXX)
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
HTTPS=$(free_port); HTTP=$(free_port); OURS=$(free_port); MITM=$(free_port)
CLK=$(getconf CLK_TCK)
now_ms() { date +%s%3N; }

"$BENCH" pki "$WORK"
"$BENCH" upstream "$WORK" "$HTTPS" "$HTTP" >/dev/null & PIDS+=($!)
for _ in $(seq 200); do curl -sf -o /dev/null "http://localhost:$HTTP/small" && break; sleep 0.05; done

# start-up: from spawning the proxy to the first proxied response
wait_first() { # proxy-url
  until curl -sf -o /dev/null -x "$1" "http://localhost:$HTTP/small"; do sleep 0.01; done
}
t0=$(now_ms); "$BENCH" proxy "$WORK" "$OURS" "$HTTPS" "$HTTP" >/dev/null & OURS_PID=$!; PIDS+=($OURS_PID)
wait_first "http://127.0.0.1:$OURS"; START_OURS=$(( $(now_ms) - t0 ))
mkdir -p "$WORK/mitm"
t0=$(now_ms); mitmdump -q --listen-host 127.0.0.1 -p "$MITM" --set confdir="$WORK/mitm" \
  --set ssl_verify_upstream_trusted_ca="$WORK/upstream-ca.pem" >/dev/null 2>&1 & MITM_PID=$!; PIDS+=($MITM_PID)
wait_first "http://127.0.0.1:$MITM"; START_MITM=$(( $(now_ms) - t0 ))
OURS_CA="$WORK/ca/ca.crt"; MITM_CA="$WORK/mitm/mitmproxy-ca-cert.pem"

ticks() { awk '{print $14+$15}' "/proc/$1/stat"; }
# load PID PORT URL [hey flags] -> "req/s cpu-ms-per-request"
load() {
  local pid=$1 port=$2 url=$3; shift 3
  hey -c "$CONC" -z 1s -x "http://127.0.0.1:$port" "$@" "$url" >/dev/null 2>&1 || true   # warm-up
  local c0 out c1 ok rps
  c0=$(ticks "$pid")
  out=$(hey -c "$CONC" -z "${DUR}s" -x "http://127.0.0.1:$port" "$@" "$url" 2>&1 || true)
  c1=$(ticks "$pid")
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  ok=$(awk '/\[200\]/ {print $2}' <<<"$out"); ok=${ok:-0}
  awk -v r="${rps:-0}" -v c=$((c1 - c0)) -v k="$CLK" -v n="$ok" 'BEGIN { printf "%.0f %.3f\n", r, (n > 0 ? c * 1000 / k / n : 0) }'
}

ROWS=()
row() { ROWS+=("$1|$2|$3|$4"); }   # name|ours|mitm|higher-is-better(1/0)
measure() { # name url [hey flags]
  local name=$1 url=$2; shift 2
  read -r o_rps o_cpu < <(load "$OURS_PID" "$OURS" "$url" "$@")
  read -r m_rps m_cpu < <(load "$MITM_PID" "$MITM" "$url" "$@")
  row "$name req/s" "$o_rps" "$m_rps" 1
  row "$name CPU ms/req" "$o_cpu" "$m_cpu" 0
}
echo "measuring (each load ${DUR}s, c=$CONC; upstream on 127.0.0.1; vibedom proxy :$OURS, mitmdump :$MITM)..." >&2
measure "HTTP 12 B keep-alive" "http://localhost:$HTTP/small"
measure "HTTPS 12 B keep-alive" "https://localhost:$HTTPS/small"
measure "HTTPS 12 B new conn/req" "https://localhost:$HTTPS/small" -disable-keepalive
measure "HTTPS 60 KB JSON keep-alive" "https://localhost:$HTTPS/json"

big() { # port ca -> MB/s
  curl -s --http1.1 --max-time 300 -x "http://127.0.0.1:$1" --cacert "$2" -o /dev/null -w '%{speed_download}' \
    "https://localhost:$HTTPS/big?mb=$BIG_MB" | awk '{printf "%.1f\n", $1 / 1048576}'
}
echo "moving $BIG_MB MB through each proxy..." >&2
row "HTTPS $BIG_MB MB download MB/s" "$(big "$OURS" "$OURS_CA")" "$(big "$MITM" "$MITM_CA")" 1
rss() { awk '/VmHWM/ {printf "%.0f\n", $2 / 1024}' "/proc/$1/status"; }
row "peak RSS MiB (whole run)" "$(rss "$OURS_PID")" "$(rss "$MITM_PID")" 0

sse() { "$BENCH" sse "http://127.0.0.1:$1" "$2" "https://localhost:$HTTPS/sse?n=10&ms=50" 5; }
row "SSE first event ms (warm, median)" "$(sse "$OURS" "$OURS_CA")" "$(sse "$MITM" "$MITM_CA")" 0
row "start-up to first proxied request ms" "$START_OURS" "$START_MITM" 0

printf '\n%-40s %12s %12s %14s\n' "metric" "vibedom" "mitmdump" "vibedom gain"
for r in "${ROWS[@]}"; do
  IFS='|' read -r name o m hib <<<"$r"
  gain=$(awk -v o="$o" -v m="$m" -v h="$hib" 'BEGIN { if (o <= 0 || m <= 0) { print "n/a"; exit } printf "%.1fx\n", (h == 1 ? o / m : m / o) }')
  printf '%-40s %12s %12s %14s\n' "$name" "$o" "$m" "$gain"
done
echo "vibedom EgressProxy.StartAsync in-process: $(cat "$WORK/start-ms") ms (the rest of the start-up row is process start, and JIT unless BENCH_AOT=1)"
echo "(gain: how many times better vibedom is; req/s and MB/s higher is better, the rest lower)"
