#!/usr/bin/env bash
# Train only when config, domain or training data changed: the model's name is the hash.
set -euo pipefail
cd "$(dirname "$0")/.."
TRAIN_DATA="data/nlu data/rules data/stories"
hash=$(cat config.yml domain.yml $(find $TRAIN_DATA -name '*.yml' | sort) | sha256sum | cut -c1-12)
model="models/niet-pluis-$hash.tar.gz"
if [ -f "$model" ]; then
  echo ">> model up to date: $model"
else
  echo ">> training model ($model)"
  start=$(date +%s)
  .venv/bin/rasa train --quiet --config config.yml --domain domain.yml --data $TRAIN_DATA \
    --out models --fixed-model-name "niet-pluis-$hash"
  echo ">> trained in $(( $(date +%s) - start )) s"
fi
ln -sf "$(basename "$model")" models/current.tar.gz
