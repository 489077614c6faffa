# Settings for every script, from the one place that defines them (bot/config.py); a .env
# file (see .env.example) overrides them. Sourced, not executed.
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
if [ -f "$ROOT/.env" ]; then set -a; . "$ROOT/.env"; set +a; fi
# Conversations, reports, mail and logs are for this user only: files 0600 in 0700 folders.
umask 077
mkdir -p "$ROOT/var" && chmod -R go-rwx "$ROOT/var"
# ports, URLs, database paths; in development also the secrets, generated once into var/
exports=$(cd "$ROOT" && "$ROOT/.venv/bin/python" -m bot.config --shell) || return 1 2>/dev/null || exit 1
eval "$exports"
export TF_CPP_MIN_LOG_LEVEL=${TF_CPP_MIN_LOG_LEVEL:-3}
# Rasa's telemetry and its crash reports to Sentry: off. Nothing about who uses this service
# may leave the machine (and without internet every crash waited on DNS retries).
export RASA_TELEMETRY_ENABLED=false
export PYTHONWARNINGS=${PYTHONWARNINGS:-ignore}
export SQLALCHEMY_SILENCE_UBER_WARNING=1
export PYTHONPATH="$ROOT${PYTHONPATH:+:$PYTHONPATH}"
