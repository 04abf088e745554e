#!/usr/bin/env bash
# A/B of two ProxyBench builds without DLP: CPU ms of each proxy process per 200 response to the bench's small HTTPS
# keep-alive load (12 B answers, c=10, CONNECT + interception), alternating 3 s loads (not a bench row; used for the
# small-path comparisons in src/Vibedom.Proxy/README.md).
# QUIET_IDLE=70: before each round, wait (up to QUIET_WAIT=600 s) until the machine's CPUs were >= 70% idle over 2 s.
#   [A_ENV='DOTNET_X=1 ...'] [B_ENV=...] bench/proxy/ab-small.sh BUILD_A/ProxyBench BUILD_B/ProxyBench [rounds] [url-path]
set -u
A=$1; B=$2; ROUNDS=${3:-3}; URLPATH=${4:-small}; W=$(mktemp -d /tmp/psmall-ab.XXXX)
$A pki $W >/dev/null
fp() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
HS=$(fp); HT=$(fp); PA=$(fp); PB=$(fp)
# the upstream (CreateSlimBuilder) watches its working directory and everything below it: an empty one of its own,
# else a log written below it (a run from /tmp) costs an inotify wake-up in each pwrite
mkdir $W/up; (AA=$(realpath $A); cd $W/up && exec $AA upstream $W $HS $HT >/dev/null 2>&1) & UP=$!
for d in a b; do mkdir $W/$d; cp -r $W/upstream-ca.pem $W/ca $W/$d/; done   # each its own network.jsonl
sleep 1
env ${A_ENV:-} $A proxy $W/a $PA $HS $HT >/dev/null 2>&1 & XA=$!
env ${B_ENV:-} $B proxy $W/b $PB $HS $HT >/dev/null 2>&1 & XB=$!
for p in $PA $PB; do for i in $(seq 100); do curl -sf -o /dev/null -x http://127.0.0.1:$p http://localhost:$HT/small && break; sleep 0.1; done; done
ticks() { awk '{print $14+$15}' /proc/$1/stat; }
load() { # pid port
  local t0 t1 n; t0=$(ticks $1)
  n=$(hey -c 10 -z 3s -x http://127.0.0.1:$2 https://localhost:$HS/$URLPATH 2>&1 | awk '/\[200\]/{print $2}')
  t1=$(ticks $1); python3 -c "print(f'{($t1-$t0)*1000/$(getconf CLK_TCK)/max(1,${n:-0}):.3f} ms/req ({${n:-0}} req)')"
}
for p in "$XA $PA" "$XB $PB"; do set -- $p; hey -c 10 -z 3s -x http://127.0.0.1:$2 https://localhost:$HS/$URLPATH >/dev/null 2>&1; done
idle() { # percent of CPU time idle over 2 s
  local a b; a=($(head -1 /proc/stat)); sleep 2; b=($(head -1 /proc/stat))
  local t=0 i; for i in 1 2 3 4 5 6 7 8; do t=$((t + b[i] - a[i])); done
  echo $(( 100 * (b[4] - a[4]) / (t > 0 ? t : 1) ))
}
quiet() { [ -z "${QUIET_IDLE:-}" ] && return; local end=$((SECONDS + ${QUIET_WAIT:-600})) i
  while [ $SECONDS -lt $end ]; do i=$(idle); [ "$i" -ge "$QUIET_IDLE" ] && { echo "   idle $i%"; return; }; done; echo "   (not quiet)"; }
for r in $(seq $ROUNDS); do quiet; echo -n "A: "; load $XA $PA; echo -n "B: "; load $XB $PB; echo "   load $(cut -d' ' -f1 /proc/loadavg)"; done
kill $XA $XB; wait $XA $XB 2>/dev/null
for d in a b; do # over the whole run, warm-up included: two log lines a request
  [ -f $W/$d/alloc ] && bytes=$(cut -d' ' -f1 $W/$d/alloc) && gcs=$(cut -d' ' -f2 $W/$d/alloc) && n=$(( $(wc -l < $W/$d/session/network.jsonl) / 2 )) &&
    echo "${d^^}: $(( bytes / (n > 0 ? n : 1) )) bytes allocated a request, a gen0 GC every $(( n / (gcs > 0 ? gcs : 1) )) requests ($n requests)"
done
kill $UP; rm -rf $W
