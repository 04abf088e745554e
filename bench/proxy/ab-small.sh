#!/usr/bin/env bash
# A/B of two ProxyBench builds without DLP: CPU ms of each proxy process per 200 response to the bench's small HTTPS
# keep-alive load (12 B answers, c=10, CONNECT + interception), alternating 3 s loads (not a bench row; used for the
# small-path comparisons in src/Vibedom.Proxy/README.md).
# QUIET_IDLE=70: before each round, wait (up to QUIET_WAIT=600 s) until the machine's CPUs were >= 70% idle over 2 s.
#   [A_ENV='DOTNET_X=1 ...'] [B_ENV=...] bench/proxy/ab-small.sh BUILD_A/ProxyBench BUILD_B/ProxyBench [rounds] [url-path]
. "$(dirname "$0")/ab-common.sh"
ROUNDS=${3:-3}; URLPATH=${4:-small}
ab_setup $1 $2 psmall-ab
ab_proxies off off
ab_hey $PA 3 https://localhost:$HS/$URLPATH >/dev/null; ab_hey $PB 3 https://localhost:$HS/$URLPATH >/dev/null   # warm-up
for r in $(seq $ROUNDS); do
  ab_quiet
  echo -n "A: "; ab_load $XA $PA https://localhost:$HS/$URLPATH
  echo -n "B: "; ab_load $XB $PB https://localhost:$HS/$URLPATH
  echo "   load $(cut -d' ' -f1 /proc/loadavg)"
done
ab_end
