# Niet-pluis: every target sets up what it needs first (venv from the lock, model).
SHELL := /bin/bash
.DEFAULT_GOAL := help
PY := .venv/bin/python
TRAIN_DATA := data/nlu data/rules data/stories
ENV := . scripts/env.sh &&

.PHONY: help setup train run run-cluster shell test test-fast validate test-stories bench bench-cluster bench-nlu bench-classify bench-acute-live bench-anonymise purge clean

help: ## show the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN{FS=":.*## "}{printf "  make %-16s %s\n", $$1, $$2}'

setup: ## create .venv (Python 3.10) from requirements.lock, build deduce's lookups, migrate
	@bash scripts/setup.sh
	@$(ENV) $(PY) -c "from bot.store.migrate import upgrade; upgrade()"

train: setup ## train the model if config, domain or training data changed
	@$(ENV) bash scripts/train.sh

run: train ## start action server + Rasa server on 127.0.0.1 (REST, socket.io); Ctrl-C stops
	@bash scripts/run.sh

run-cluster: train ## the same on port 5005 as a cluster: Redis, PostgreSQL, REPLICAS (2) Rasa replicas, HAProxy (docs/deploy.md)
	@REPLICAS=$(or $(REPLICAS),2) bash scripts/run_cluster.sh

shell: train ## talk to the assistant in this terminal
	@$(ENV) (trap 'kill 0' EXIT; $(PY) -m actions.server >var/log/actions.log 2>&1 & \
	  .venv/bin/rasa shell --model models/current.tar.gz --endpoints endpoints.yml)

validate: setup ## rasa data validate; fails on any warning
	@$(ENV) bash scripts/validate.sh

test-stories: train ## rasa test on the test stories, failing on any prediction error
	@$(ENV) .venv/bin/rasa test core --model models/current.tar.gz --stories tests/stories \
	  --fail-on-prediction-errors --out var/results --no-plot

test-fast: setup ## unit tests only (no Rasa server)
	@$(ENV) $(PY) -m pytest -m "not rasa_server" -q

test: train validate ## the whole suite: unit, integration, real servers, test stories
	@$(ENV) $(PY) -m pytest -q
	@$(MAKE) --no-print-directory test-stories

bench: train ## 10 concurrent REST conversations (latency, throughput, CPU per message), then the NLU figures (bench-nlu)
	@$(ENV) $(PY) scripts/bench.py $(BENCH_ARGS)
	@$(MAKE) --no-print-directory bench-nlu

bench-cluster: train ## the same through make run-cluster for 1, 2 and 4 replicas, beside the single process (make bench BENCH_ARGS=--cluster)
	@$(ENV) $(PY) scripts/bench.py --cluster

bench-nlu: train ## intent and FAQ F1: held-out set (tests/nlu_heldout.yml) and 5-fold cross-validation
	@$(ENV) $(PY) scripts/bench_nlu.py

bench-classify: setup ## classifier accuracy on the blind test split and the old held-out set
	@$(ENV) $(PY) scripts/bench_classify.py --set blind-test --set heldout

bench-acute-live: train ## 112 first in the running assistant, on the blind test split
	@$(ENV) $(PY) scripts/bench_acute_live.py --set blind-test

bench-anonymise: setup ## anonymiser leak and keep rates: the old set and the independent surnames test split
	@$(ENV) $(PY) scripts/bench_anonymise.py

purge: setup ## delete conversations and reports older than the retention period
	@$(ENV) $(PY) -m bot purge

clean: ## remove models, results and local data (keeps .venv)
	rm -rf models var/results var/log
