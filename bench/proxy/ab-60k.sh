#!/usr/bin/env bash
# A/B of two ProxyBench builds on the 60 KB keep-alive rows: CPU ms of each proxy process per 200 response to the bench's
# 60 KB JSON GET and 60 KB JSON POST (c=10, CONNECT + interception), alternating 3 s loads, DLP off unless A_DLP/B_DLP=dlp
# (not a bench row; used for the http-path comparisons in src/Vibedom.Proxy/README.md). Run it under `chrt -f 1` on a
# loaded machine.
#   [A_ENV=...] [B_ENV=...] [A_DLP=dlp] [B_DLP=dlp] [ROWS='get post'] bench/proxy/ab-60k.sh BUILD_A/ProxyBench BUILD_B/ProxyBench [rounds]
set -u
A=$1; B=$2; ROUNDS=${3:-3}; W=$(mktemp -d /tmp/p60k-ab.XXXX)
$A pki $W >/dev/null
fp() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
HS=$(fp); HT=$(fp); PA=$(fp); PB=$(fp)
# the upstream watches its working directory and everything below it: an empty one of its own
mkdir $W/up; (AA=$(realpath $A); cd $W/up && exec $AA upstream $W $HS $HT >/dev/null 2>&1) & UP=$!
for d in a b; do mkdir $W/$d; cp -r $W/upstream-ca.pem $W/ca $W/$d/; done   # each its own network.jsonl
sleep 1
env ${A_ENV:-} $A proxy $W/a $PA $HS $HT ${A_DLP:-off} >/dev/null 2>&1 & XA=$!
env ${B_ENV:-} $B proxy $W/b $PB $HS $HT ${B_DLP:-off} >/dev/null 2>&1 & XB=$!
for p in $PA $PB; do for i in $(seq 100); do curl -sf -o /dev/null -x http://127.0.0.1:$p http://localhost:$HT/small && break; sleep 0.1; done; done
ticks() { awk '{print $14+$15}' /proc/$1/stat; }
hit() { # port row [seconds]
  if [ "$2" = post ]; then hey -c 10 -z ${3:-3}s -x http://127.0.0.1:$1 -m POST -T application/json -D $W/post-60k.json https://localhost:$HS/sink 2>&1
  else hey -c 10 -z ${3:-3}s -x http://127.0.0.1:$1 https://localhost:$HS/json 2>&1; fi
}
load() { # pid port row
  local t0 t1 n; t0=$(ticks $1)
  n=$(hit $2 $3 | awk '/\[200\]/{print $2}')
  t1=$(ticks $1); python3 -c "print(f'{($t1-$t0)*1000/$(getconf CLK_TCK)/max(1,${n:-0}):.3f} ms/req ({${n:-0}} req)')"
}
ROWS=${ROWS:-get post}
for row in $ROWS; do for p in "$XA $PA" "$XB $PB"; do set -- $p; hit $2 $row 2 >/dev/null; done; done   # warm-up
for r in $(seq $ROUNDS); do
  for row in $ROWS; do echo -n "$row A: "; load $XA $PA $row; echo -n "$row B: "; load $XB $PB $row; done
  echo "   load $(cut -d' ' -f1 /proc/loadavg)"
done
kill $XA $XB; wait $XA $XB 2>/dev/null
for d in a b; do # over the whole run, warm-up included: two log lines a request
  f=$(ls $W/$d/alloc* 2>/dev/null | head -1)
  [ -n "$f" ] && bytes=$(cut -d' ' -f1 $f) && gcs=$(cut -d' ' -f2 $f) && n=$(( $(cat $W/$d/session/network*.jsonl | wc -l) / 2 )) &&
    echo "${d^^}: $(( bytes / (n > 0 ? n : 1) )) bytes allocated a request, a gen0 GC every $(( n / (gcs > 0 ? gcs : 1) )) requests ($n requests)"
done
kill $UP; rm -rf $W
