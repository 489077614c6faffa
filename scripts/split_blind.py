"""Split the blind evaluation scenarios once into a dev and a test part.

    .venv/bin/python scripts/split_blind.py

Reads the writers' files `eval/blind/w*.jsonl` (written by people who had not seen the
lexicon, the code or the older sets; the brief they got is `eval/blind/BRIEF.md`) and writes
`eval/blind_dev.jsonl` (40 %) and `eval/blind_test.jsonl` (60 %). The part of a case follows
from a hash of its id, so the split never changes when it is run again. Tune on dev only.

One normalisation: a self-report that is not trafficking keeps no "any of comensha, fier,
fairwork" requirement (routing.md R4 forbids comensha there; the brief asked for both).
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEV_SHARE = 4  # of 10
#: Written after the split was made, to give the acute detector more varied development
#: data; all of it is dev, so the test split stays exactly as it was.
DEV_ONLY = {"w7", "w8", "w9", "w10", "w11", "w12", "w13", "w14", "w15", "w16", "w17", "w18", "w19", "w20", "w21", "w22", "w23", "w24", "w25"}


def part(case_id: str) -> str:
    if case_id.split("-")[0] in DEV_ONLY:
        return "dev"
    return "dev" if int(hashlib.sha256(case_id.encode()).hexdigest(), 16) % 10 < DEV_SHARE else "test"


def main() -> int:
    parts: dict[str, list[dict]] = {"dev": [], "test": []}
    for path in sorted((ROOT / "eval" / "blind").glob("w*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            case = json.loads(line)
            if case["form"] == "geen_mensenhandel":
                case["any_of_routes"] = []
            parts[part(case["id"])].append(case)
    for name, cases in parts.items():
        out = ROOT / "eval" / f"blind_{name}.jsonl"
        out.write_text("".join(json.dumps(c, ensure_ascii=False) + "\n" for c in cases), encoding="utf-8")
        print(f"{out.relative_to(ROOT)}: {len(cases)} cases")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
