#!/usr/bin/env bash
# Create .venv with Python 3.10 and install exactly the lock file. Idempotent and quick
# when nothing changed (a stamp holds the lock file's hash).
set -euo pipefail
cd "$(dirname "$0")/.."

PY_VERSION=$(cat .python-version)
find_python() {
  for candidate in "$HOME/.pyenv/versions/$PY_VERSION/bin/python" "/root/.pyenv/versions/$PY_VERSION/bin/python" \
                   "$(command -v python3.10 || true)"; do
    if [ -n "$candidate" ] && [ -x "$candidate" ]; then echo "$candidate"; return; fi
  done
  if command -v pyenv >/dev/null 2>&1 && pyenv prefix "$PY_VERSION" >/dev/null 2>&1; then
    echo "$(pyenv prefix "$PY_VERSION")/bin/python"; return
  fi
  echo "Python $PY_VERSION niet gevonden / not found (pyenv install $PY_VERSION)" >&2
  exit 1
}

if [ ! -x .venv/bin/python ]; then
  echo ">> creating .venv with Python $PY_VERSION"
  "$(find_python)" -m venv .venv
fi
if [ ! -x .venv/bin/uv ]; then
  .venv/bin/python -m pip install --quiet --disable-pip-version-check "uv==0.13.9"
fi

lock_hash=$(sha256sum requirements.lock | cut -c1-16)
if [ "$(cat .venv/.stamp-lock 2>/dev/null)" != "$lock_hash" ]; then
  echo ">> installing requirements.lock"
  .venv/bin/uv pip sync --quiet --python .venv/bin/python requirements.lock
  echo "$lock_hash" > .venv/.stamp-lock
fi

# The widget's theme (NL Design System tokens) and axe-core for the browser tests, from the
# npm lock file; served by the project itself, never from a CDN.
web_hash=$(cat web/package-lock.json | sha256sum | cut -c1-16)
if [ "$(cat web/node_modules/.stamp-lock 2>/dev/null)" != "$web_hash" ]; then
  command -v npm >/dev/null 2>&1 || { echo "npm niet gevonden / not found (apt-get install npm)" >&2; exit 1; }
  echo ">> installing web/package-lock.json (npm ci)"
  (cd web && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
  echo "$web_hash" > web/node_modules/.stamp-lock
fi

# deduce builds its lookup structures once (~3 min); do it here, never on a user's message.
if [ -f bot/cli/anonymise.py ] && [ ! -f .venv/.stamp-deduce ]; then
  echo ">> building deduce lookup structures (once, ~3 min)"
  .venv/bin/python -m bot anonymise --build
  touch .venv/.stamp-deduce
fi
