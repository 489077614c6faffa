#!/usr/bin/env bash
# `rasa data validate`, failing on any warning it prints about our data.
set -uo pipefail
cd "$(dirname "$0")/.."
out=$(.venv/bin/rasa data validate --config config.yml --domain domain.yml \
      --data data/nlu data/rules data/stories --fail-on-warnings 2>&1)
rc=$?
problems=$(grep -E "UserWarning|WARNING +rasa|ERROR" <<<"$out" | grep -v -E "DeprecationWarning|MovedIn20Warning" || true)
if [ $rc -ne 0 ] || [ -n "$problems" ]; then
  echo "$out" | grep -v DeprecationWarning | tail -40
  echo "!! rasa data validate: warnings or errors (exit $rc)"; exit 1
fi
echo ">> rasa data validate: no warnings"
