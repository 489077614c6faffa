#!/usr/bin/env bash
# `make run-cluster`: the same assistant as `make run`, as a cluster on this machine that maps
# one-to-one onto many (docs/deploy.md): Redis (locks and unconfirmed conversations, nothing
# on disk), PostgreSQL (confirmed conversations and reports), REPLICAS Rasa servers, the action
# server, the delivery daemon, the web server, and HAProxy on the public port (RASA_PORT,
# 5005). Every process gets its settings from environment variables only. Ctrl-C stops all.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
ROOT=$(pwd)
REPLICAS=${REPLICAS:-2}
REPLICA_BASE_PORT=${REPLICA_BASE_PORT:-5101}
REDIS_PORT=${REDIS_PORT:-6390}
PG_PORT=${PG_PORT:-5433}
LOGDIR=${NIETPLUIS_LOG_DIR:-var/log/cluster}
RUNDIR=${NIETPLUIS_RUN_DIR:-var/run-cluster}
. scripts/stack.sh
claim_rundir

for tool in redis-server haproxy; do
  command -v "$tool" >/dev/null || { echo "!! $tool ontbreekt / missing: apt-get install redis-server haproxy" >&2; exit 1; }
done
PG_BIN=${NIETPLUIS_PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}
[ -x "$PG_BIN/initdb" ] || { echo "!! PostgreSQL ontbreekt / missing: apt-get install postgresql" >&2; exit 1; }

# PostgreSQL refuses to run as root: then it runs as an unprivileged user, with its data
# outside var/ (which is 0700 for this user).
as_pg=()
if [ "$(id -u)" = 0 ]; then
  PG_USER=postgres; id "$PG_USER" >/dev/null 2>&1 || PG_USER=nietpluis-pg
  id "$PG_USER" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$PG_USER"
  as_pg=(setpriv --reuid="$PG_USER" --regid="$PG_USER" --init-groups)
  PG_HOME=${NIETPLUIS_PG_DIR:-/var/lib/nietpluis/$(printf %s "$ROOT" | md5sum | cut -c1-10)}
  mkdir -p "$PG_HOME" && chmod 711 "$(dirname "$PG_HOME")" && chown "$PG_USER" "$PG_HOME" && chmod 700 "$PG_HOME"
else
  PG_HOME=${NIETPLUIS_PG_DIR:-$ROOT/var/pg}; mkdir -p "$PG_HOME"
fi

# Secrets made once (0600), like the other development secrets in var/.
secret() { [ -s "$1" ] || .venv/bin/python -c "import secrets;print(secrets.token_urlsafe(24))" >"$1"; cat "$1"; }
REDIS_PASSWORD=$(secret var/redis_password)
PG_PASSWORD=$(secret var/pg_password)

# ---------------------------------------------------------------- Redis (memory only)
REDIS_DIR=${NIETPLUIS_REDIS_DIR:-}
if [ -z "$REDIS_DIR" ]; then
  # a tmpfs where there is one: even a forced dump would never reach a disk
  if [ -d /dev/shm ] && [ -w /dev/shm ]; then REDIS_DIR=/dev/shm/nietpluis-redis-$(id -u)-$REDIS_PORT
  else REDIS_DIR=$RUNDIR/redis; fi
fi
mkdir -p "$REDIS_DIR" && chmod 700 "$REDIS_DIR"
printf 'requirepass %s\n' "$REDIS_PASSWORD" >"$RUNDIR/redis-secret.conf"; chmod 600 "$RUNDIR/redis-secret.conf"
echo ">> Redis op / on 127.0.0.1:$REDIS_PORT (geen persistentie / no persistence, dir $REDIS_DIR)"
supervise redis "$LOGDIR/redis.log" redis-server deploy/redis.conf --port "$REDIS_PORT" --dir "$REDIS_DIR" \
  --include "$(cd "$RUNDIR" && pwd)/redis-secret.conf" &
export REDIS_URL="redis://:$REDIS_PASSWORD@127.0.0.1:$REDIS_PORT/0"
redis_up=0
for _ in $(seq 1 50); do
  redis-cli -p "$REDIS_PORT" --no-auth-warning -a "$REDIS_PASSWORD" ping >/dev/null 2>&1 && { redis_up=1; break; }
  sleep 0.2
done
[ "$redis_up" = 1 ] || { echo "!! Redis niet gestart / did not start; zie $LOGDIR/redis.log" >&2; exit 1; }

# ---------------------------------------------------------------- PostgreSQL
PGDATA=$PG_HOME/data
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  echo ">> PostgreSQL: initdb in $PGDATA"
  pwfile=$PG_HOME/pwfile; printf '%s\n' "$PG_PASSWORD" >"$pwfile"
  [ ${#as_pg[@]} -gt 0 ] && chown "$PG_USER" "$pwfile"
  "${as_pg[@]}" "$PG_BIN/initdb" -D "$PGDATA" -U nietpluis --pwfile="$pwfile" -E UTF8 --locale=C \
    --auth-host=scram-sha-256 --auth-local=scram-sha-256 >"$LOGDIR/initdb.log" 2>&1
  rm -f "$pwfile"
fi
echo ">> PostgreSQL op / on 127.0.0.1:$PG_PORT"
supervise postgres "$LOGDIR/postgres.log" "${as_pg[@]}" "$PG_BIN/postgres" -D "$PGDATA" -p "$PG_PORT" \
  -c listen_addresses=127.0.0.1 -c unix_socket_directories="$PG_HOME" -c max_connections=100 &
export PGPASSWORD=$PG_PASSWORD
pg_up=0
for _ in $(seq 1 60); do
  "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" && { pg_up=1; break; }
  sleep 0.5
done
[ "$pg_up" = 1 ] || { echo "!! PostgreSQL niet gestart / did not start; zie $LOGDIR/postgres.log" >&2; exit 1; }
PG_URL="postgresql+psycopg2://nietpluis:$PG_PASSWORD@127.0.0.1:$PG_PORT"
for db in nietpluis_reports nietpluis_trackers; do
  "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U nietpluis -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname='$db'" \
    | grep -q 1 || "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U nietpluis "$db"
done
unset PGPASSWORD
export DATABASE_URL="$PG_URL/nietpluis_reports" TRACKER_DB_URL="$PG_URL/nietpluis_trackers"
.venv/bin/python -c "from bot.store.migrate import upgrade; upgrade()"

# ---------------------------------------------------------------- the application
echo ">> action server op / on 127.0.0.1:$ACTION_PORT"
supervise actions "$LOGDIR/actions.log" .venv/bin/python -m actions.server --port "$ACTION_PORT" &
wait_for "http://127.0.0.1:$ACTION_PORT/health" "action server" 180

cors=(); [ -n "${CORS_ORIGINS:-}" ] && cors=(--cors $CORS_ORIGINS)
servers=""
for i in $(seq 1 "$REPLICAS"); do
  port=$((REPLICA_BASE_PORT + i - 1))
  echo ">> Rasa replica r$i op / on 127.0.0.1:$port"
  # one TensorFlow thread per replica: replicas, not threads, use the cores
  supervise "rasa-r$i" "$LOGDIR/rasa-r$i.log" env NIETPLUIS_REPLICA="r$i" \
    TF_INTRA_OP_PARALLELISM_THREADS=1 TF_INTER_OP_PARALLELISM_THREADS=1 \
    SANIC_REQUEST_MAX_SIZE="$NIETPLUIS_MAX_REQUEST_BYTES" \
    .venv/bin/rasa run --model models/current.tar.gz --interface 127.0.0.1 --port "$port" \
    --credentials credentials.yml --endpoints endpoints.yml "${cors[@]}" ${RASA_API_ARGS:-} &
  servers+="  server r$i 127.0.0.1:$port check"$'\n'
done
for i in $(seq 1 "$REPLICAS"); do
  wait_for "http://127.0.0.1:$((REPLICA_BASE_PORT + i - 1))/webhooks/rest/" "Rasa replica r$i" 300
done

# the load balancer on the public port: the template with one server line per replica
awk -v servers="$servers" '
  /# @servers rest/     { printf "%s", servers; next }
  /# @servers socketio/ { n = split(servers, lines, "\n"); for (i = 1; i <= n; i++) if (lines[i] != "") {
                            split(lines[i], f, " "); print lines[i] " cookie " f[2] }; next }
  { print }' deploy/haproxy.cfg >"$RUNDIR/haproxy.cfg"
export NP_LB_BIND="127.0.0.1:$RASA_PORT" NP_DEPLOY_DIR="$ROOT/deploy"
haproxy -c -q -f "$RUNDIR/haproxy.cfg"
echo ">> HAProxy op / on 127.0.0.1:$RASA_PORT -> $REPLICAS replica(s)"
supervise haproxy "$LOGDIR/haproxy.log" haproxy -db -f "$RUNDIR/haproxy.cfg" &
wait_for "http://127.0.0.1:$RASA_PORT/webhooks/rest/" "HAProxy" 30

echo ">> bezorging en opschonen / delivery and retention (bot.runtime.daemon)"
supervise daemon "$LOGDIR/daemon.log" .venv/bin/python -m bot.runtime.daemon &
if [ "${WEB_PORT:-0}" != 0 ]; then
  supervise web "$LOGDIR/web.log" .venv/bin/python -m bot.web &
  wait_for "http://127.0.0.1:$WEB_PORT/" "web server" 30
fi
if [ -n "${TELEGRAM_BOT_TOKEN:-}" ]; then
  supervise telegram "$LOGDIR/telegram.log" .venv/bin/python -m bot.channels.telegram &
fi

cat <<MSG

Niet-pluis draait als cluster / is running as a cluster: $REPLICAS Rasa replica(s) achter HAProxy.
  Publiek / public:  http://127.0.0.1:$RASA_PORT  (REST /webhooks/rest/webhook, /socket.io)
  Replicas:          127.0.0.1:$REPLICA_BASE_PORT..$((REPLICA_BASE_PORT + REPLICAS - 1))
  Redis:             127.0.0.1:$REDIS_PORT (geheugen / memory only)   PostgreSQL: 127.0.0.1:$PG_PORT
  Logs: $LOGDIR/   Stoppen / stop: Ctrl-C
MSG
while [ ! -e "$RUNDIR/failed" ]; do sleep 1; done
exit 1
