#!/usr/bin/env bash
# A/B of two ProxyBench builds with DLP on: CPU ms of each proxy process per 200 response to the bench's 60 KB POST,
# alternating 3 s loads (not a bench row; used for the instruction-set comparison in last-run-aot.txt).
#   bench/proxy/ab-dlp-post.sh BUILD_A/ProxyBench BUILD_B/ProxyBench
# A_DLP=off (or B_DLP=off): that proxy without DLP (DLP off and on of one build: pass the same binary twice).
# AB_MODE=get: the 60 KB JSON GET instead (its response scrubbed when DLP is on). AB_ROUNDS: pairs (default 3).
. "$(dirname "$0")/ab-common.sh"
ab_setup $1 $2 perfdlp-ab
ab_proxies ${A_DLP:-dlp} ${B_DLP:-dlp}
if [ "${AB_MODE:-post}" = get ]; then REQ=(https://localhost:$HS/json); else REQ=(-m POST -T application/json -D $W/post-60k.json https://localhost:$HS/sink); fi
ab_hey $PA 4 "${REQ[@]}" >/dev/null; ab_hey $PB 4 "${REQ[@]}" >/dev/null   # warm-up
for r in $(seq ${AB_ROUNDS:-3}); do echo -n "A: "; ab_load $XA $PA "${REQ[@]}"; echo -n "B: "; ab_load $XB $PB "${REQ[@]}"; done
ab_end
