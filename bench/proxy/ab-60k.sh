#!/usr/bin/env bash
# A/B of two ProxyBench builds on the 60 KB keep-alive rows: CPU ms of each proxy process per 200 response to the bench's
# 60 KB JSON GET and 60 KB JSON POST (c=10, CONNECT + interception), alternating 3 s loads, DLP off unless A_DLP/B_DLP=dlp
# (not a bench row; used for the http-path comparisons in src/Vibedom.Proxy/README.md). Run it under `chrt -f 1` on a
# loaded machine.
#   [A_ENV=...] [B_ENV=...] [A_DLP=dlp] [B_DLP=dlp] [ROWS='get post'] bench/proxy/ab-60k.sh BUILD_A/ProxyBench BUILD_B/ProxyBench [rounds]
. "$(dirname "$0")/ab-common.sh"
ROUNDS=${3:-3}; ROWS=${ROWS:-get post}
ab_setup $1 $2 p60k-ab
ab_proxies ${A_DLP:-off} ${B_DLP:-off}
row() { # the hey arguments of a row
  if [ "$1" = post ]; then echo "-m POST -T application/json -D $W/post-60k.json https://localhost:$HS/sink"; else echo "https://localhost:$HS/json"; fi
}
for row in $ROWS; do ab_hey $PA 2 $(row $row) >/dev/null; ab_hey $PB 2 $(row $row) >/dev/null; done   # warm-up
for r in $(seq $ROUNDS); do
  for row in $ROWS; do echo -n "$row A: "; ab_load $XA $PA $(row $row); echo -n "$row B: "; ab_load $XB $PB $(row $row); done
  echo "   load $(cut -d' ' -f1 /proc/loadavg)"
done
ab_end
