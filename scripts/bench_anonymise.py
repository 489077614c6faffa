"""Leak rate, keep rate and speed of the anonymiser on the PII evaluation sets.

    .venv/bin/python scripts/bench_anonymise.py [--set pii] [--set surnames-test] [--show]

Sets: `pii` (eval/pii.jsonl, written with the recogniser), `surnames-dev` / `surnames-test`
(eval/pii_surnames.jsonl, written by someone who had not seen the recogniser: the 100 most
common Dutch surnames with titles, particles, initials, hyphens, obfuscated e-mail and spelled
phone numbers; odd ids are the dev split used for tuning, even ids the test split reported),
`surnames-dev2` (eval/pii_surnames_dev2.jsonl, 160 more by another writer who had not seen the
recogniser: lower-case chat, sentence starts, possessives, traps; development data only),
`surnames-dev3` (eval/pii_surnames_dev3.jsonl, 160 by a third such writer: every common surname
in several shapes, foreign names, 48 trap texts; measured once before tuning, then dev data),
`surnames-dev4` (eval/pii_surnames_dev4.jsonl, 160 by a fourth such writer, same use),
`surnames-dev5` (eval/pii_surnames_dev5.jsonl, 160 by a fifth such writer, same use),
`surnames-dev6` (eval/pii_surnames_dev6.jsonl, 160 by a sixth such writer, same use),
`surnames-dev7` (eval/pii_surnames_dev7.jsonl, 160 by a seventh, same use),
`surnames-dev8` (eval/pii_surnames_dev8.jsonl, 160 by an eighth, same use).
`--file PATH` evaluates any file of the same shape.

leak rate     = identifier strings that survive / all identifier strings ("pii"); whole words,
                case-insensitive
surname leaks = surname cores ("surnames", e.g. "Berg" of "Jan van den Berg") still present
                as a whole word, case-sensitive: a partial name is a leak too
A name counts as surviving only where the output has more of it than its kept strings hold
("Ria Hoogland uit Hoogland" keeps the village; "meneer Koster, de koster" keeps the noun).
keep rate     = keep-strings that survive / all keep-strings ("keep")
ms per text is measured after loading (deduce load time is printed separately).
"""
from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SETS = {
    "pii": (ROOT / "eval" / "pii.jsonl", None),
    "surnames-dev": (ROOT / "eval" / "pii_surnames.jsonl", 1),
    "surnames-test": (ROOT / "eval" / "pii_surnames.jsonl", 0),
    "surnames-dev2": (ROOT / "eval" / "pii_surnames_dev2.jsonl", None),
    "surnames-dev3": (ROOT / "eval" / "pii_surnames_dev3.jsonl", None),
    "surnames-dev4": (ROOT / "eval" / "pii_surnames_dev4.jsonl", None),
    "surnames-dev5": (ROOT / "eval" / "pii_surnames_dev5.jsonl", None),
    "surnames-dev6": (ROOT / "eval" / "pii_surnames_dev6.jsonl", None),
    "surnames-dev7": (ROOT / "eval" / "pii_surnames_dev7.jsonl", None),
    "surnames-dev8": (ROOT / "eval" / "pii_surnames_dev8.jsonl", None),
}


def load(path: Path, parity: int | None) -> list[dict]:
    rows = [json.loads(l) for l in path.read_text(encoding="utf-8").splitlines() if l.strip()]
    if parity is None:
        return rows
    return [r for r in rows if int(r["id"].rsplit("-", 1)[1]) % 2 == parity]


def _excess(value: str, out: str, kept: list[str], flags: int) -> bool:
    """Whether `value` is still in the output more often than inside the kept strings of
    the same text: "Ria Hoogland uit Hoogland" -> "[PERSOON-1] uit Hoogland" keeps the
    place, not the name. Whole words only ("de Boer" is not in "de boerderij")."""
    word = re.compile(r"(?<!\w)" + re.escape(value) + r"(?!\w)", flags)
    return len(word.findall(out)) > sum(len(word.findall(k)) for k in kept)


def evaluate(anon, rows):
    leaks, surname_leaks, drops, times = [], [], [], []
    n_pii = n_keep = n_surnames = 0
    for row in rows:
        t0 = time.perf_counter()
        out = anon.anonymise(row["text"])
        times.append((time.perf_counter() - t0) * 1000)
        kept = [k for k in row.get("keep", []) if k in out]
        for p in row.get("pii", []):
            n_pii += 1
            if _excess(p, out, kept, re.I):
                leaks.append((row["id"], p, out))
        for name in row.get("surnames", []):
            n_surnames += 1
            if _excess(name, out, kept, 0):
                surname_leaks.append((row["id"], name, out))
        for k in row.get("keep", []):
            n_keep += 1
            if k not in out:
                drops.append((row["id"], k, out))
    return {
        "texts": len(rows),
        "identifiers": n_pii,
        "leaks": len(leaks),
        "leak_rate": len(leaks) / n_pii if n_pii else 0.0,
        "surnames": n_surnames,
        "surname_leaks": len(surname_leaks),
        "keep_strings": n_keep,
        "kept": n_keep - len(drops),
        "keep_rate": (n_keep - len(drops)) / n_keep if n_keep else 1.0,
        "ms_per_text_mean": statistics.mean(times),
        "ms_per_text_median": statistics.median(times),
        "ms_per_text_p95": sorted(times)[int(0.95 * (len(times) - 1))],
    }, leaks + surname_leaks, drops


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--set", action="append", choices=sorted(SETS), dest="sets")
    ap.add_argument("--file", help="evaluate this file instead of the named sets")
    ap.add_argument("--show", action="store_true", help="print every leak and every dropped keep-string")
    args = ap.parse_args(argv)
    chosen = [(args.file, load(Path(args.file), None))] if args.file else [
        (name, load(*SETS[name])) for name in (args.sets or ["pii", "surnames-test"])]

    from bot.services import get_services

    t0 = time.perf_counter()
    anon = get_services().anonymiser
    load_s = time.perf_counter() - t0
    anon.anonymise("opwarmen: Jan belt 0612345678")  # first call compiles lazily built bits
    print(f"load: {load_s:.1f} s")
    for name, rows in chosen:
        stats, leaks, drops = evaluate(anon, rows)
        print(f"\n== {name}: texts {stats['texts']}, identifiers {stats['identifiers']}, "
              f"surnames {stats['surnames']}, keep-strings {stats['keep_strings']}")
        print(f"leak rate: {stats['leak_rate']:.2%} ({stats['leaks']}/{stats['identifiers']})")
        if stats["surnames"]:
            print(f"surname leaks: {stats['surname_leaks']}/{stats['surnames']}")
        print(f"keep rate: {stats['keep_rate']:.2%} ({stats['kept']}/{stats['keep_strings']})")
        print(f"ms per text: mean {stats['ms_per_text_mean']:.2f}, median {stats['ms_per_text_median']:.2f}, "
              f"p95 {stats['ms_per_text_p95']:.2f}")
        if args.show:
            for rid, p, out in leaks:
                print(f"LEAK {rid}: {p!r} -> {out}")
            for rid, k, out in drops:
                print(f"DROP {rid}: {k!r} -> {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
