#!/usr/bin/env bash
# Start the action server, the Rasa server and the delivery daemon on loopback, each under a
# supervisor that restarts it when it dies; Ctrl-C stops all.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
LOGDIR=${NIETPLUIS_LOG_DIR:-var/log}; mkdir -p "$LOGDIR"

RUNDIR=${NIETPLUIS_RUN_DIR:-var/run}; mkdir -p "$RUNDIR"
# One stack per run folder: a second one would clear the first one's pid files and stop
# marker, and the first one's supervisors would then restart what it is stopping.
if [ -e "$RUNDIR/stack.lock" ] && kill -0 "$(cat "$RUNDIR/stack.lock")" 2>/dev/null; then
  echo "!! Niet-pluis draait al (pid $(cat "$RUNDIR/stack.lock"), $RUNDIR); stop dat eerst / already running" >&2
  exit 1
fi
rm -f "$RUNDIR"/*.pid "$RUNDIR"/stopping "$RUNDIR"/failed
echo $$ >"$RUNDIR/stack.lock"

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
# After a signal, stop everything and end: a trap that only returned would leave this script
# looping below with nothing left to supervise.
trap 'stop; exit 130' INT
trap 'stop; exit 143' TERM
trap stop EXIT

wait_for() {  # url, name, seconds
  for _ in $(seq 1 "$3"); do
    if curl -fsS -o /dev/null "$1" 2>/dev/null; then return 0; fi
    [ -e "$RUNDIR/failed" ] && { echo "!! $2 stopte steeds / keeps exiting; zie $LOGDIR" >&2; exit 1; }
    sleep 1
  done
  echo "!! $2 niet gestart na $3 s / did not start" >&2; exit 1
}

# the report database schema (idempotent; also for a DATABASE_URL other than the default)
.venv/bin/python -c "from bot.store.migrate import upgrade; upgrade()"

echo ">> action server op / on 127.0.0.1:$ACTION_PORT"
supervise actions "$LOGDIR/actions.log" .venv/bin/python -m actions.server --port "$ACTION_PORT" &
sups+=($!)
wait_for "http://127.0.0.1:$ACTION_PORT/health" "action server" 180

echo ">> Rasa server op / on 127.0.0.1:$RASA_PORT (~60 s)"
# Bodies above the limit get 413 before anything reads them (Sanic reads SANIC_* settings).
# No --cors unless origins are configured: no site but our own may read a conversation.
cors=(); [ -n "${CORS_ORIGINS:-}" ] && cors=(--cors $CORS_ORIGINS)
supervise rasa "$LOGDIR/rasa.log" env SANIC_REQUEST_MAX_SIZE="$NIETPLUIS_MAX_REQUEST_BYTES" \
  .venv/bin/rasa run --model models/current.tar.gz \
  --interface 127.0.0.1 --port "$RASA_PORT" --credentials credentials.yml --endpoints endpoints.yml \
  "${cors[@]}" ${RASA_API_ARGS:-} &
sups+=($!)
wait_for "http://127.0.0.1:$RASA_PORT/" "Rasa server" 240

echo ">> bezorging en opschonen / delivery and retention (bot.runtime.daemon)"
supervise daemon "$LOGDIR/daemon.log" .venv/bin/python -m bot.runtime.daemon &
sups+=($!)

web_line="  Web chat (demo-pagina van een gemeente / demo municipal page): http://127.0.0.1:$WEB_PORT/"
if [ "${WEB_PORT:-0}" != 0 ]; then
  echo ">> widget en demo-pagina / widget and demo page op / on 127.0.0.1:$WEB_PORT (bot.web)"
  supervise web "$LOGDIR/web.log" .venv/bin/python -m bot.web &
  sups+=($!)
  wait_for "http://127.0.0.1:$WEB_PORT/" "web server" 30
else
  web_line="  Web chat: uit / off (WEB_PORT=0)"
fi

if [ -n "${TELEGRAM_BOT_TOKEN:-}" ]; then
  echo ">> Telegram-brug / bridge (bot.channels.telegram)"
  supervise telegram "$LOGDIR/telegram.log" .venv/bin/python -m bot.channels.telegram &
  sups+=($!)
  tg_line="  Telegram: brug draait / bridge running (log: $LOGDIR/telegram.log)"
else
  tg_line="  Telegram: uit / off; zet TELEGRAM_BOT_TOKEN en TELEGRAM_ALLOWED_USER_IDS (zie .env.example) / set them to enable"
fi

cat <<MSG

Niet-pluis draait / is running.
  Praat met de assistent / talk to it:
    curl -s -XPOST http://127.0.0.1:$RASA_PORT/webhooks/rest/webhook \\
         -H 'Content-Type: application/json' -d '{"sender":"test","message":"hallo"}'
  Of in de terminal / or in a terminal:  make shell
$web_line
$tg_line
  Socket.IO: http://127.0.0.1:$RASA_PORT/socket.io
  Verstuurde meldingen / delivered reports (local mailbox): var/mail/
  Logs: $LOGDIR/   Stoppen / stop: Ctrl-C
MSG
# Run until Ctrl-C, or until a process keeps dying (then stop the others too).
while [ ! -e "$RUNDIR/failed" ]; do sleep 1; done
exit 1
