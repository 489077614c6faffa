#!/usr/bin/env bash
# Start the action server and the Rasa server on loopback; Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
LOGDIR=${NIETPLUIS_LOG_DIR:-var/log}; mkdir -p "$LOGDIR"

pids=()
stop() {
  trap - INT TERM EXIT
  echo; echo ">> stoppen / stopping"
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  # give them 30 s to finish what they are doing, then do not hang on one that does not stop
  for _ in $(seq 1 30); do
    alive=0
    for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    [ "$alive" = 0 ] && break
    sleep 1
  done
  for pid in "${pids[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap stop INT TERM EXIT

wait_for() {  # url, name, seconds
  for _ in $(seq 1 "$3"); do
    if curl -fsS -o /dev/null "$1" 2>/dev/null; then return 0; fi
    for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null || { echo "!! $2 stopte / exited; zie $LOGDIR" >&2; exit 1; }; done
    sleep 1
  done
  echo "!! $2 niet gestart na $3 s / did not start" >&2; exit 1
}

# the report database schema (idempotent; also for a DATABASE_URL other than the default)
.venv/bin/python -c "from bot.store.migrate import upgrade; upgrade()"

echo ">> action server op / on 127.0.0.1:$ACTION_PORT"
.venv/bin/python -m actions.server --port "$ACTION_PORT" >"$LOGDIR/actions.log" 2>&1 &
pids+=($!)
wait_for "http://127.0.0.1:$ACTION_PORT/health" "action server" 180

echo ">> Rasa server op / on 127.0.0.1:$RASA_PORT (~60 s)"
.venv/bin/rasa run --model models/current.tar.gz --interface 127.0.0.1 --port "$RASA_PORT" \
  --credentials credentials.yml --endpoints endpoints.yml --cors "${CORS_ORIGINS:-*}" ${RASA_API_ARGS:-} \
  >"$LOGDIR/rasa.log" 2>&1 &
pids+=($!)
wait_for "http://127.0.0.1:$RASA_PORT/" "Rasa server" 240

echo ">> bezorging en opschonen / delivery and retention (bot.runtime.daemon)"
.venv/bin/python -m bot.runtime.daemon >"$LOGDIR/daemon.log" 2>&1 &
pids+=($!)

cat <<MSG

Niet-pluis draait / is running.
  Praat met de assistent / talk to it:
    curl -s -XPOST http://127.0.0.1:$RASA_PORT/webhooks/rest/webhook \\
         -H 'Content-Type: application/json' -d '{"sender":"test","message":"hallo"}'
  Of in de terminal / or in a terminal:  make shell
  Socket.IO (web chat): http://127.0.0.1:$RASA_PORT/socket.io
  Verstuurde meldingen / delivered reports (local mailbox): var/mail/
  Logs: $LOGDIR/   Stoppen / stop: Ctrl-C
MSG
# Run until Ctrl-C or until one of the servers dies (then stop the other one too).
while for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null || exit 1; done; do sleep 1; done
