# Sourced by the A/B scripts (ab-small.sh, ab-60k.sh, ab-dlp-post.sh): two ProxyBench builds, each proxy process
# in its own folder (its own network.jsonl) in front of one loopback upstream, loaded in turn with hey; the figure is
# CPU ms of the proxy process (utime+stime from /proc) per 200 response.
#   ab_setup BUILD_A BUILD_B NAME   work folder W (/tmp/NAME.XXXX), certificates, ports HS HT (upstream HTTPS, HTTP)
#                                   PA PB (proxies), the upstream (pid UP)
#   ab_proxies DLP_A DLP_B          the two proxies (pids XA XB; "dlp" or "off"; A_ENV / B_ENV: variables for each),
#                                   then waits until both answer
#   ab_hey PORT SECONDS HEY-ARGS... one hey load (c=10) through the proxy at PORT
#   ab_load PID PORT HEY-ARGS...    a 3 s load, then "0.123 ms/req (4567 req)" for the process PID
#   ab_quiet                        with QUIET_IDLE=70: waits (up to QUIET_WAIT=600 s) until the CPUs were >= 70% idle
#                                   over 2 s
#   ab_end                          stops everything, prints what each proxy allocated a request, removes W
set -u

ab_free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

ab_setup() {
  A=$1; B=$2; W=$(mktemp -d /tmp/$3.XXXX)
  $A pki $W >/dev/null
  HS=$(ab_free_port); HT=$(ab_free_port); PA=$(ab_free_port); PB=$(ab_free_port)
  # the upstream (CreateSlimBuilder) watches its working directory and everything below it: an empty one of its own,
  # else a log written below it (a run from /tmp) costs an inotify wake-up in each pwrite
  mkdir $W/up; (AA=$(realpath $A); cd $W/up && exec $AA upstream $W $HS $HT >/dev/null 2>&1) & UP=$!
  local d; for d in a b; do mkdir $W/$d; cp -r $W/upstream-ca.pem $W/ca $W/$d/; done
  sleep 1
}

ab_proxies() {
  env ${A_ENV:-} $A proxy $W/a $PA $HS $HT $1 >/dev/null 2>&1 & XA=$!
  env ${B_ENV:-} $B proxy $W/b $PB $HS $HT $2 >/dev/null 2>&1 & XB=$!
  local p i
  for p in $PA $PB; do for i in $(seq 100); do curl -sf -o /dev/null -x http://127.0.0.1:$p http://localhost:$HT/small && break; sleep 0.1; done; done
}

ab_hey() { local port=$1 seconds=$2; shift 2; hey -c 10 -z ${seconds}s -x http://127.0.0.1:$port "$@" 2>&1; }

ab_ticks() { awk '{print $14+$15}' /proc/$1/stat; }

ab_load() {
  local pid=$1 port=$2 t0 t1 n; shift 2
  t0=$(ab_ticks $pid)
  n=$(ab_hey $port 3 "$@" | awk '/\[200\]/{print $2}')
  t1=$(ab_ticks $pid); python3 -c "print(f'{($t1-$t0)*1000/$(getconf CLK_TCK)/max(1,${n:-0}):.3f} ms/req ({${n:-0}} req)')"
}

ab_idle() { # percent of CPU time idle over 2 s
  local a b t=0 i; a=($(head -1 /proc/stat)); sleep 2; b=($(head -1 /proc/stat))
  for i in 1 2 3 4 5 6 7 8; do t=$((t + b[i] - a[i])); done
  echo $(( 100 * (b[4] - a[4]) / (t > 0 ? t : 1) ))
}

ab_quiet() {
  [ -z "${QUIET_IDLE:-}" ] && return
  local end=$((SECONDS + ${QUIET_WAIT:-600})) i
  while [ $SECONDS -lt $end ]; do i=$(ab_idle); [ "$i" -ge "$QUIET_IDLE" ] && { echo "   idle $i%"; return; }; done
  echo "   (not quiet)"
}

ab_end() {
  kill $XA $XB; wait $XA $XB 2>/dev/null   # they write their alloc files as they exit
  local d f bytes gcs n
  for d in a b; do # over the whole run, warm-up included: two log lines a request
    f=$(ls $W/$d/alloc* 2>/dev/null | head -1)
    [ -n "$f" ] && bytes=$(cut -d' ' -f1 $f) && gcs=$(cut -d' ' -f2 $f) && n=$(( $(cat $W/$d/session/network*.jsonl | wc -l) / 2 )) &&
      echo "${d^^}: $(( bytes / (n > 0 ? n : 1) )) bytes allocated a request, a gen0 GC every $(( n / (gcs > 0 ? gcs : 1) )) requests ($n requests)"
  done
  kill $UP; wait $UP 2>/dev/null; rm -rf $W
}
