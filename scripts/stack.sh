# Sourced by scripts/run.sh and scripts/run_cluster.sh: one stack per run folder, each
# process under a supervisor, one stop for all. Needs RUNDIR and LOGDIR set.

claim_rundir() {
  # One stack per run folder: a second one would clear the first one's pid files and stop
  # marker, and the first one's supervisors would then restart what it is stopping.
  mkdir -p "$RUNDIR" "$LOGDIR"
  if [ -e "$RUNDIR/stack.lock" ] && kill -0 "$(cat "$RUNDIR/stack.lock")" 2>/dev/null; then
    echo "!! Niet-pluis draait al (pid $(cat "$RUNDIR/stack.lock"), $RUNDIR); stop dat eerst / already running" >&2
    exit 1
  fi
  rm -f "$RUNDIR"/*.pid "$RUNDIR"/stopping "$RUNDIR"/failed
  echo $$ >"$RUNDIR/stack.lock"
  # After a signal, stop everything and end: a trap that only returned would leave the
  # script looping with nothing left to supervise. (Set only once the folder is ours.)
  trap 'stop; exit 130' INT
  trap 'stop; exit 143' TERM
  trap stop EXIT
}

# Each process runs under a supervisor: when it dies (killed, out of memory, a bug) it is
# started again and the restart is logged, instead of one crash stopping the whole service.
# A process that dies 5 times within 5 minutes is given up on; then everything stops.
sups=()
supervise() {  # name, log file, command...
  local name=$1 log=$2 rc now; shift 2
  local starts=()
  : >"$log"
  while :; do
    "$@" >>"$log" 2>&1 &
    echo $! >"$RUNDIR/$name.pid"
    wait $! && rc=0 || rc=$?
    [ -e "$RUNDIR/stopping" ] && return 0
    now=$(date +%s); starts+=("$now")
    local recent=()
    for t in "${starts[@]}"; do [ $((now - t)) -lt 300 ] && recent+=("$t"); done
    starts=("${recent[@]}")
    if [ "${#starts[@]}" -ge 5 ]; then
      echo "$(date -Is) supervisor: $name stopped (exit $rc) 5 times in 5 minutes; giving up" | tee -a "$LOGDIR/supervisor.log" >&2
      touch "$RUNDIR/failed"; return 1
    fi
    echo "$(date -Is) supervisor: $name stopped (exit $rc); restart ${#starts[@]} in 3 s" | tee -a "$LOGDIR/supervisor.log" >&2
    sleep 3
  done
}

stop() {
  trap - INT TERM EXIT
  echo; echo ">> stoppen / stopping"
  touch "$RUNDIR/stopping"
  children() { cat "$RUNDIR"/*.pid 2>/dev/null || true; }
  for pid in $(children); do kill -TERM "$pid" 2>/dev/null || true; done
  # give them 30 s to finish what they are doing, then do not hang on one that does not stop
  for _ in $(seq 1 30); do
    alive=0
    for pid in $(children); do kill -0 "$pid" 2>/dev/null && alive=1; done
    [ "$alive" = 0 ] && break
    sleep 1
  done
  for pid in $(children); do kill -KILL "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -f "$RUNDIR"/*.pid "$RUNDIR"/stack.lock
}
wait_for() {  # url, name, seconds
  for _ in $(seq 1 "$3"); do
    if curl -fsS -o /dev/null "$1" 2>/dev/null; then return 0; fi
    [ -e "$RUNDIR/failed" ] && { echo "!! $2 stopte steeds / keeps exiting; zie $LOGDIR" >&2; exit 1; }
    sleep 1
  done
  echo "!! $2 niet gestart na $3 s / did not start" >&2; exit 1
}
