#!/usr/bin/env bash
# A/B of two ProxyBench builds with DLP on: CPU ms of each proxy process per 200 response to the bench's 60 KB POST,
# alternating 3 s loads (not a bench row; used for the instruction-set comparison in last-run-aot.txt).
#   bench/proxy/ab-dlp-post.sh BUILD_A/ProxyBench BUILD_B/ProxyBench
# A_DLP=off (or B_DLP=off): that proxy without DLP (DLP off and on of one build: pass the same binary twice).
# AB_MODE=get: the 60 KB JSON GET instead (its response scrubbed when DLP is on). AB_ROUNDS: pairs (default 3).
set -u
A=$1; B=$2; W=$(mktemp -d /tmp/perfdlp-ab.XXXX)
$A pki $W >/dev/null
fp() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
HS=$(fp); HT=$(fp); PA=$(fp); PB=$(fp)
mkdir $W/up; (AA=$(realpath $A); cd $W/up && exec $AA upstream $W $HS $HT >/dev/null 2>&1) & UP=$!   # its watcher sees only an empty folder
sleep 1
$A proxy $W $PA $HS $HT ${A_DLP:-dlp} >/dev/null 2>&1 & XA=$!
$B proxy $W $PB $HS $HT ${B_DLP:-dlp} >/dev/null 2>&1 & XB=$!
for p in $PA $PB; do for i in $(seq 100); do curl -sf -o /dev/null -x http://127.0.0.1:$p http://localhost:$HT/small && break; sleep 0.1; done; done
ticks() { awk '{print $14+$15}' /proc/$1/stat; }
if [ "${AB_MODE:-post}" = get ]; then REQ=(https://localhost:$HS/json); else REQ=(-m POST -T application/json -D $W/post-60k.json https://localhost:$HS/sink); fi
load() { # pid port
  local t0 t1 n; t0=$(ticks $1)
  n=$(hey -c 10 -z 3s -x http://127.0.0.1:$2 "${REQ[@]}" 2>&1 | awk '/\[200\]/{print $2}')
  t1=$(ticks $1); python3 -c "print(f'{($t1-$t0)*1000/$(getconf CLK_TCK)/max(1,${n:-0}):.3f} ms/req ({${n:-0}} req)')"
}
for p in "$XA $PA" "$XB $PB"; do set -- $p; hey -c 10 -z 4s -x http://127.0.0.1:$2 "${REQ[@]}" >/dev/null 2>&1; done
for r in $(seq ${AB_ROUNDS:-3}); do echo -n "A: "; load $XA $PA; echo -n "B: "; load $XB $PB; done
kill $XA $XB $UP; wait $XA $XB $UP 2>/dev/null; rm -rf $W   # they write their alloc files as they exit
