"""`python -m bot classify` contract, run as a real subprocess."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from bot.config import ROOT  # noqa: E402
LABELS = {"seksuele_uitbuiting", "arbeidsuitbuiting", "criminele_uitbuiting", "orgaanverwijdering",
          "geen_mensenhandel", "onduidelijk"}


def run(args: list[str], stdin: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "bot", "classify", *args], cwd=ROOT, input=stdin,
                          capture_output=True, text=True, timeout=120)


def test_jsonl_contract_order_and_bad_lines():
    lines = [
        json.dumps({"id": "a", "text": "De baas heeft hun paspoorten en ze krijgen geen loon in de kas.",
                    "role": "burger", "gemeente": "Utrecht"}),
        "{dit is geen json",
        json.dumps({"id": "c"}),
        json.dumps({"id": "d", "text": "   "}),
        json.dumps({"id": "e", "text": "Er roept nu een meisje van 15 om hulp, ze zit opgesloten.",
                    "role": "professional", "gemeente": "Den Bosch"}),
        json.dumps({"id": 6, "text": "Er klopt iets niet.", "role": "astronaut"}),
        json.dumps({"id": "g", "text": "Er klopt iets niet.", "gemeente": "Nergenshuizen"}),
    ]
    proc = run(["--jsonl"], "\n".join(lines) + "\n")
    assert proc.returncode == 0, proc.stderr
    out = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [o.get("id") for o in out] == ["a", None, "c", "d", "e", 6, "g"]

    a = out[0]
    assert set(a) == {"id", "form", "scores", "minor", "acute", "signals", "route"}
    assert a["form"] == "arbeidsuitbuiting" and set(a["scores"]) == LABELS
    assert all(set(s) == {"id", "forms", "text"} for s in a["signals"])
    codes = [r["code"] for r in a["route"]]
    assert "arbeidsinspectie" in codes and all(r["reason"] for r in a["route"])

    for bad in (out[1], out[2], out[3], out[5]):
        assert set(bad) == {"id", "error"} and bad["error"]
    assert "JSON" in out[1]["error"] and "text" in out[2]["error"] and "leeg" in out[3]["error"]

    e = out[4]
    assert e["acute"] is True and e["minor"] is True
    assert e["route"][0]["code"] == "112"
    assert out[6]["form"] == "onduidelijk" and out[6]["route"]   # unknown gemeente: national routes


def test_single_text_mode():
    proc = run([], "Mijn buurman slaat zijn vrouw. Ze heeft haar eigen geld en werk.")
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert out["form"] == "geen_mensenhandel" and "route" in out and out["id"] is None
