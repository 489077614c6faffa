"""Leak rate, keep rate and speed of the anonymiser on eval/pii.jsonl.

    .venv/bin/python scripts/bench_anonymise.py [--file eval/pii.jsonl] [--show]

leak rate = identifier strings that survive / all identifier strings ("pii")
keep rate = keep-strings that survive / all keep-strings ("keep")
ms per text is measured after loading (deduce load time is printed separately).
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def evaluate(anon, rows):
    leaks, drops, times, outputs = [], [], [], []
    n_pii = n_keep = 0
    for row in rows:
        t0 = time.perf_counter()
        out = anon.anonymise(row["text"])
        times.append((time.perf_counter() - t0) * 1000)
        outputs.append(out)
        for p in row.get("pii", []):
            n_pii += 1
            if p.lower() in out.lower():
                leaks.append((row["id"], p, out))
        for k in row.get("keep", []):
            n_keep += 1
            if k not in out:
                drops.append((row["id"], k, out))
    return {
        "texts": len(rows),
        "identifiers": n_pii,
        "leaks": len(leaks),
        "leak_rate": len(leaks) / n_pii if n_pii else 0.0,
        "keep_strings": n_keep,
        "kept": n_keep - len(drops),
        "keep_rate": (n_keep - len(drops)) / n_keep if n_keep else 1.0,
        "ms_per_text_mean": statistics.mean(times),
        "ms_per_text_median": statistics.median(times),
        "ms_per_text_p95": sorted(times)[int(0.95 * (len(times) - 1))],
    }, leaks, drops


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--file", default=str(ROOT / "eval" / "pii.jsonl"))
    ap.add_argument("--show", action="store_true", help="print every leak and every dropped keep-string")
    args = ap.parse_args(argv)
    rows = [json.loads(l) for l in Path(args.file).read_text(encoding="utf-8").splitlines() if l.strip()]

    from bot.services import get_services

    t0 = time.perf_counter()
    anon = get_services().anonymiser
    load_s = time.perf_counter() - t0
    anon.anonymise("opwarmen: Jan belt 0612345678")  # first call compiles lazily built bits
    stats, leaks, drops = evaluate(anon, rows)
    print(f"load: {load_s:.1f} s")
    print(f"texts: {stats['texts']}  identifiers: {stats['identifiers']}  keep-strings: {stats['keep_strings']}")
    print(f"leak rate: {stats['leak_rate']:.2%} ({stats['leaks']}/{stats['identifiers']})")
    print(f"keep rate: {stats['keep_rate']:.2%} ({stats['kept']}/{stats['keep_strings']})")
    print(f"ms per text: mean {stats['ms_per_text_mean']:.2f}, median {stats['ms_per_text_median']:.2f}, "
          f"p95 {stats['ms_per_text_p95']:.2f}")
    if args.show or leaks or drops:
        for rid, p, out in leaks:
            print(f"LEAK {rid}: {p!r} -> {out}")
        for rid, k, out in drops:
            print(f"DROP {rid}: {k!r} -> {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
