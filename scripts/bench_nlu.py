"""NLU quality: intent and response-selector (FAQ) F1 on the held-out set and by cross-validation.

    .venv/bin/python scripts/bench_nlu.py [--heldout-only] [--folds 5]

Held-out: `tests/nlu_heldout.yml`, written by someone who had seen neither the training data
nor the code, before any tuning; never trained on. It is scored with the current model
(`models/current.tar.gz`). Cross-validation: `rasa test nlu --cross-validation` on `data/nlu`
(trains one model per fold: several minutes). Prints macro and weighted F1 and the weakest labels.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RASA = str(ROOT / ".venv" / "bin" / "rasa")
OUT = ROOT / "var" / "results"


def run(args: list[str]) -> None:
    done = subprocess.run([RASA, *args], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if done.returncode != 0:
        sys.exit(f"rasa {' '.join(args[:2])} failed:\n{done.stderr[-2000:]}")


def report(path: Path, title: str, weakest: int = 5) -> None:
    if not path.exists():
        print(f"{title}: no report ({path.name} missing)")
        return
    data = json.loads(path.read_text())
    labels = {k: v for k, v in data.items() if isinstance(v, dict) and "f1-score" in v
              and k not in ("macro avg", "weighted avg", "micro avg")}
    macro, weighted = data.get("macro avg", {}), data.get("weighted avg", {})
    print(f"{title}: macro-F1 {macro.get('f1-score', 0):.3f}, weighted-F1 {weighted.get('f1-score', 0):.3f}, "
          f"accuracy {data.get('accuracy', 0):.3f}, labels {len(labels)}, examples {int(weighted.get('support', 0))}")
    worst = sorted(labels.items(), key=lambda kv: kv[1]["f1-score"])[:weakest]
    print("  weakest: " + ", ".join(f"{k} {v['f1-score']:.2f}" for k, v in worst))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--heldout-only", action="store_true", help="skip the cross-validation")
    ap.add_argument("--folds", type=int, default=5)
    args = ap.parse_args(argv)

    heldout = OUT / "nlu_heldout"
    run(["test", "nlu", "--model", "models/current.tar.gz", "--nlu", "tests/nlu_heldout.yml",
         "--out", str(heldout), "--no-plot"])
    print("== held-out (tests/nlu_heldout.yml, never trained on)")
    report(heldout / "intent_report.json", "intents")
    report(heldout / "response_selection_report.json", "FAQ answers (response selector)")
    if args.heldout_only:
        return 0
    cross = OUT / "nlu_cross"
    run(["test", "nlu", "--config", "config.yml", "--nlu", "data/nlu", "--cross-validation",
         "--folds", str(args.folds), "--out", str(cross), "--no-plot"])
    print(f"== cross-validation ({args.folds} folds on data/nlu)")
    report(cross / "intent_report.json", "intents")
    report(cross / "response_selection_report.json", "FAQ answers (response selector)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
