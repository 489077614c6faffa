"""Benchmark the signal classifier on the labelled Dutch cases in eval/.

    .venv/bin/python scripts/bench_classify.py [--set blind-test|heldout|dev|blind-dev|all] [--errors]

Prints macro-F1 over the six labels, precision/recall per label, acute recall/precision,
minor recall, route correctness (share of cases whose required routes are all present, and
one of `any_of_routes` where given), forbidden routes shown, clear cases called
`onduidelijk`, and milliseconds per text (mean, median, p95). Tune only on the dev sets: the
held-out set and the blind test split must stay unseen (eval/README.md).
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SETS = {"dev": ["classify_dev.jsonl"], "heldout": ["classify_heldout.jsonl"],
        "blind-dev": ["blind_dev.jsonl"], "w16": ["blind/w16.jsonl"], "w17": ["blind/w17.jsonl"], "w18": ["blind/w18.jsonl"], "w19": ["blind/w19.jsonl"], "w20": ["blind/w20.jsonl"], "w21": ["blind/w21.jsonl"], "w22": ["blind/w22.jsonl"], "w23": ["blind/w23.jsonl"], "w24": ["blind/w24.jsonl"], "w25": ["blind/w25.jsonl"], "blind-test": ["blind_test.jsonl"],
        "all": ["classify_dev.jsonl", "classify_heldout.jsonl", "blind_dev.jsonl", "blind_test.jsonl"]}


def load_cases(name: str) -> list[dict]:
    cases = []
    for fname in SETS[name]:
        with open(ROOT / "eval" / fname, encoding="utf-8") as fh:
            cases += [json.loads(line) for line in fh if line.strip()]
    return cases


def f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--set", choices=sorted(SETS), action="append", dest="sets",
                    help="a set to measure (repeat for several; default: heldout)")
    ap.add_argument("--errors", action="store_true", help="list misclassified cases")
    args = ap.parse_args(argv)

    if "tensorflow" not in sys.modules:      # see bot/cli/classify.py: spaCy needs no TF here
        sys.modules["tensorflow"] = None     # type: ignore[assignment]
    sys.path.insert(0, str(ROOT))
    from bot.cli.classify import routes_for
    from bot.services import get_services
    from bot.signals import LABELS

    services = get_services()
    t0 = time.perf_counter()
    clf = services.classifier
    load_s = time.perf_counter() - t0
    for n, name in enumerate(dict.fromkeys(args.sets or ["heldout"])):
        if n:
            print()
        report(name, load_cases(name), clf, services, routes_for, LABELS, load_s, args.errors)
    return 0


def report(name: str, cases: list[dict], clf, services, routes_for, LABELS, load_s: float,
           errors: bool) -> None:
    results, times = [], []
    for case in cases:
        t0 = time.perf_counter()
        results.append(clf.classify(case["text"], role=case.get("role"), gemeente=case.get("gemeente")))
        times.append((time.perf_counter() - t0) * 1000)
    ms = sum(times) / max(1, len(times))
    ordered = sorted(times)
    median = ordered[len(ordered) // 2] if ordered else 0.0
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))] if ordered else 0.0

    rows = []
    for label in LABELS:
        tp = sum(1 for c, r in zip(cases, results) if c["form"] == label and r.form == label)
        fp = sum(1 for c, r in zip(cases, results) if c["form"] != label and r.form == label)
        fn = sum(1 for c, r in zip(cases, results) if c["form"] == label and r.form != label)
        p = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        rows.append((label, tp + fn, p, rec, f1(p, rec)))
    present = [r for r in rows if r[1] > 0]
    macro = sum(r[4] for r in present) / len(present)
    acc = sum(c["form"] == r.form for c, r in zip(cases, results)) / len(cases)

    def recall(flag: str) -> tuple[float, float, int]:
        gold = [r for c, r in zip(cases, results) if c[flag]]
        pred = [c for c, r in zip(cases, results) if getattr(r, flag)]
        rec = sum(getattr(r, flag) for r in gold) / len(gold) if gold else 1.0
        prec = sum(c[flag] for c in pred) / len(pred) if pred else 1.0
        return rec, prec, len(gold)

    print(f"set={name} cases={len(cases)} load={load_s:.1f}s  ms/text mean {ms:.1f}, "
          f"median {median:.1f}, p95 {p95:.1f}")
    print(f"macro-F1 {macro:.3f}   accuracy {acc:.3f}")
    print(f"{'label':<22}{'n':>4}{'prec':>7}{'rec':>7}{'F1':>7}")
    for label, n, p, rec, f in rows:
        print(f"{label:<22}{n:>4}{p:>7.2f}{rec:>7.2f}{f:>7.2f}")
    a_rec, a_prec, a_n = recall("acute")
    m_rec, m_prec, m_n = recall("minor")
    print(f"acute  recall {a_rec:.2f} precision {a_prec:.2f} (n={a_n})")
    print(f"minor  recall {m_rec:.2f} precision {m_prec:.2f} (n={m_n})")

    route_ok = forbidden = 0
    route_misses = []
    # Cases written only for the acute detector (w9) carry no route labels: not counted here.
    labelled = [(c, r) for c, r in zip(cases, results)
                if c.get("required_routes") or c.get("any_of_routes") or c.get("forbidden_routes")]
    for case, res in labelled:
        routes = routes_for(res, case.get("role"), case.get("gemeente"), services)
        codes = {r["code"] for r in routes}
        any_of = set(case.get("any_of_routes") or [])
        ok = set(case.get("required_routes", [])) <= codes and (not any_of or bool(any_of & codes))
        route_ok += ok
        if errors and (not ok or set(case.get("forbidden_routes") or []) & codes):
            need = set(case.get("required_routes", [])) - codes
            print(f"  route miss {case['id']} form={res.form} missing={sorted(need) or sorted(any_of)} "
                  f"forbidden={sorted(set(case.get('forbidden_routes') or []) & codes)}")
        if not ok:
            route_misses.append(case["id"])
        forbidden += bool(set(case.get("forbidden_routes") or []) & codes)
    print(f"routes all required present: {route_ok / max(1, len(labelled)):.2f} (n={len(labelled)})   "
          f"forbidden routes: {forbidden}")
    unclear = sum(1 for c, r in zip(cases, results) if c["form"] != "onduidelijk" and r.form == "onduidelijk")
    print(f"clear cases called onduidelijk: {unclear}")

    if errors:
        for case, res in zip(cases, results):
            bad = [k for k in ("form", "minor", "acute") if case[k] != getattr(res, k)]
            if bad:
                print(f"\n{case['id']} gold={case['form']} minor={case['minor']} acute={case['acute']}"
                      f" → {res.form} minor={res.minor} acute={res.acute}  [{', '.join(bad)}]")
                print(f"  {case['text']}")
                print("  " + ", ".join(f"{s.id}='{s.text}'" for s in res.signals))


if __name__ == "__main__":
    sys.exit(main())
