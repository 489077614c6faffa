# Embedded defaults for every script; a .env file (see .env.example) overrides them.
# Sourced, not executed.
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
if [ -f "$ROOT/.env" ]; then set -a; . "$ROOT/.env"; set +a; fi
mkdir -p "$ROOT/var"
export RASA_PORT=${RASA_PORT:-5005}
export ACTION_PORT=${ACTION_PORT:-5055}
export ACTION_ENDPOINT_URL=${ACTION_ENDPOINT_URL:-http://127.0.0.1:$ACTION_PORT/webhook}
export TRACKER_DB=${TRACKER_DB:-$ROOT/var/trackers.db}
export DATABASE_URL=${DATABASE_URL:-sqlite:///$ROOT/var/reports.db}
export NIETPLUIS_RETENTION_DAYS=${NIETPLUIS_RETENTION_DAYS:-30}
# Secrets: generated once per machine for the embedded default, never committed.
secret() { local f="$ROOT/var/$1"; [ -s "$f" ] || (umask 077; "$ROOT/.venv/bin/python" -c "$2" > "$f"); cat "$f"; }
export NIETPLUIS_SENDER_SALT=${NIETPLUIS_SENDER_SALT:-$(secret sender_salt 'import secrets;print(secrets.token_hex(32))')}
export NIETPLUIS_REPORT_KEY=${NIETPLUIS_REPORT_KEY:-$(secret report_key 'from cryptography.fernet import Fernet;print(Fernet.generate_key().decode())')}
export TF_CPP_MIN_LOG_LEVEL=${TF_CPP_MIN_LOG_LEVEL:-3}
export PYTHONWARNINGS=${PYTHONWARNINGS:-ignore}
export SQLALCHEMY_SILENCE_UBER_WARNING=1
export PYTHONPATH="$ROOT${PYTHONPATH:+:$PYTHONPATH}"
