#!/usr/bin/env bash
# Start the action server, the Rasa server and the delivery daemon on loopback, each under a
# supervisor that restarts it when it dies; Ctrl-C stops all.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
LOGDIR=${NIETPLUIS_LOG_DIR:-var/log}; mkdir -p "$LOGDIR"

RUNDIR=${NIETPLUIS_RUN_DIR:-var/run}
. scripts/stack.sh
claim_rundir

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
