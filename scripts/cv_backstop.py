"""Cross-validate the form backstop on the development sets (the honest dev figure: the
backstop is trained on those sets, so measuring it on them directly says nothing).

    .venv/bin/python scripts/cv_backstop.py [--folds 5] [--min-probability 0.25] [--acute 0.4 0.5]

Each fold trains the backstop on the other folds and classifies the held-out fold with the
whole classifier; prints macro-F1 over all dev cases and over the blind dev part, and how
many clear cases came out "onduidelijk".
"""
from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEV = ["classify_dev.jsonl", "blind_dev.jsonl"]


def macro_f1(cases: list[dict], predicted: dict[str, str], labels: list[str]) -> float:
    scores = []
    for label in labels:
        tp = sum(1 for c in cases if c["form"] == label and predicted[c["id"]] == label)
        fp = sum(1 for c in cases if c["form"] != label and predicted[c["id"]] == label)
        fn = sum(1 for c in cases if c["form"] == label and predicted[c["id"]] != label)
        if tp + fn:
            p = tp / (tp + fp) if tp + fp else 0.0
            r = tp / (tp + fn)
            scores.append(2 * p * r / (p + r) if p + r else 0.0)
    return sum(scores) / len(scores)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--min-probability", type=float, default=0.25)
    ap.add_argument("--acute", type=float, nargs="*", default=[],
                    help="danger-now thresholds to compare (acute recall/precision of the whole classifier)")
    args = ap.parse_args(argv)
    sys.modules.setdefault("tensorflow", None)  # type: ignore[arg-type]  # spaCy needs no TF here
    sys.path.insert(0, str(ROOT))
    from bot.services import get_services
    from bot.signals import LABELS
    from bot.signals.backstop import FormBackstop

    import yaml
    acute_only = set(yaml.safe_load(open(ROOT / "content" / "signals" / "backstop.yml", encoding="utf-8"))
                     .get("acute_only_writers") or [])
    clf = get_services().classifier
    cases = [json.loads(line) for name in DEV for line in open(ROOT / "eval" / name, encoding="utf-8")
             if line.strip()]
    random.Random(1).shuffle(cases)
    predicted: dict[str, str] = {}
    acute_at: dict[float, dict[str, bool]] = {t: {} for t in args.acute}
    for i in range(args.folds):
        train = [c for j, c in enumerate(cases) if j % args.folds != i]
        clf.backstop = FormBackstop([c["text"] for c in train],
                                    [None if c["id"].split("-")[0] in acute_only else c["form"] for c in train],
                                    args.min_probability, [bool(c["acute"]) for c in train])
        for case in cases[i::args.folds]:
            for threshold in args.acute:
                clf.backstop.acute_min_probability = threshold
                acute_at[threshold][case["id"]] = clf.classify(case["text"], role=case.get("role")).acute
            clf.backstop.acute_min_probability = 1.01
            predicted[case["id"]] = clf.classify(case["text"], role=case.get("role")).form
    for threshold, found in acute_at.items():
        gold = [c for c in cases if c["acute"]]
        hit = sum(found[c["id"]] for c in gold)
        flagged = sum(found.values())
        right = sum(found[c["id"]] for c in cases if c["acute"] and found[c["id"]])
        print(f"danger-now threshold {threshold:.2f}: acute recall {hit / len(gold):.3f} ({len(gold) - hit} missed), "
              f"precision {right / max(1, flagged):.3f}; missed: {' '.join(c['id'] for c in gold if not found[c['id']])}")
    blind = [c for c in cases if c["id"].startswith("w")]
    unclear = sum(1 for c in blind if c["form"] != "onduidelijk" and predicted[c["id"]] == "onduidelijk")
    print(f"{args.folds}-fold CV, min_probability {args.min_probability}: macro-F1 all dev "
          f"{macro_f1(cases, predicted, LABELS):.3f}, blind dev {macro_f1(blind, predicted, LABELS):.3f}, "
          f"clear blind-dev cases called onduidelijk: {unclear}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
