"""`python -m bot classify`: Dutch text(s) in, form/signals/flags/route as JSON out.

    echo "tekst" | python -m bot classify
    python -m bot classify --jsonl < meldingen.jsonl     # {"id", "text", "role", "gemeente"}

One JSON object per input line, in input order. A bad line never stops the run: its output
object carries the id (when known) and a Dutch "error".
"""
from __future__ import annotations

import argparse
import json
import sys
from typing import Any, TextIO

ROLES = ("burger", "professional")


def _block_tensorflow() -> None:
    # spaCy's thinc probes for TensorFlow at import; Rasa's venv has it, and importing it costs
    # ~10 s. This process never needs it, so make the probe fail fast. Only in this CLI
    # process, never in the library (Rasa itself needs TensorFlow).
    if "tensorflow" not in sys.modules:
        sys.modules["tensorflow"] = None  # type: ignore[assignment]


def routes_for(c: Any, role: str | None, gemeente: str | None) -> tuple[list[dict[str, str]], str]:
    """Routes for a classification: (list of {code, reason}, source module name)."""
    try:
        from bot.routing import decide_routes
    except ImportError:
        return _fallback_routes(c), "fallback"
    gemeente = _canonical_gemeente(gemeente)
    try:
        routes = decide_routes(c.form, acute=c.acute, minor=c.minor, role=role, gemeente=gemeente,
                               context=c.context)
    except ValueError:
        # A gemeente the routing data does not know: the national routes still apply (R5).
        routes = decide_routes(c.form, acute=c.acute, minor=c.minor, role=role, gemeente=None,
                               context=c.context)
    return [{"code": r.code, "reason": r.reason} for r in routes], "bot.routing"


def _canonical_gemeente(name: str | None) -> str | None:
    """Official gemeente name for what was typed ("Den Bosch" → "'s-Hertogenbosch"), or None."""
    if not name or not name.strip():
        return None
    try:
        from bot.gemeenten import resolve
    except ImportError:
        return name
    return resolve(name)


# --- FALLBACK: only used while bot/routing/ does not exist yet. Deliberately minimal; the
# --- real policy (routing.md) lives in bot.routing.decide_routes.
_FALLBACK_REASONS = {
    "112": "Er is mogelijk nu gevaar.",
    "politie": "De politie onderzoekt mogelijke mensenhandel.",
    "arbeidsinspectie": "De Arbeidsinspectie gaat over uitbuiting bij werk.",
    "veilig_thuis": "Het gaat mogelijk om iemand jonger dan 18.",
}


def _fallback_routes(c: Any) -> list[dict[str, str]]:
    codes = []
    if c.acute:
        codes.append("112")
    codes.append("politie")
    if c.form == "arbeidsuitbuiting":
        codes.append("arbeidsinspectie")
    if c.minor:
        codes.append("veilig_thuis")
    return [{"code": code, "reason": _FALLBACK_REASONS[code]} for code in codes]
# --- end FALLBACK


def _result(clf: Any, item_id: Any, text: str, role: str | None, gemeente: str | None) -> dict[str, Any]:
    c = clf.classify(text, role=role, gemeente=gemeente)
    routes, _ = routes_for(c, role, gemeente)
    out: dict[str, Any] = {"id": item_id}
    out.update(c.to_dict())
    out["route"] = routes
    return out


def _parse_line(line: str) -> tuple[Any, dict[str, Any] | None, str | None]:
    """(id, fields, error) for one JSONL line."""
    try:
        obj = json.loads(line)
    except json.JSONDecodeError:
        return None, None, "Deze regel is geen geldige JSON."
    if not isinstance(obj, dict):
        return None, None, "Deze regel is geen JSON-object."
    item_id = obj.get("id")
    text = obj.get("text")
    if not isinstance(text, str):
        return item_id, None, "Het veld 'text' ontbreekt of is geen tekst."
    if not text.strip():
        return item_id, None, "Het veld 'text' is leeg."
    role = obj.get("role")
    if role is not None and role not in ROLES:
        return item_id, None, "Het veld 'role' moet 'burger' of 'professional' zijn."
    gemeente = obj.get("gemeente")
    if gemeente is not None and not isinstance(gemeente, str):
        return item_id, None, "Het veld 'gemeente' moet tekst zijn."
    return item_id, {"text": text, "role": role, "gemeente": gemeente}, None


def run_jsonl(clf: Any, inp: TextIO, out: TextIO) -> int:
    for line in inp:
        if not line.strip():
            continue
        item_id, fields, error = _parse_line(line)
        if error:
            result: dict[str, Any] = {"id": item_id, "error": error}
        else:
            try:
                result = _result(clf, item_id, **fields)
            except Exception as exc:  # one bad text must not stop a batch
                result = {"id": item_id, "error": f"Deze tekst kon niet worden verwerkt ({type(exc).__name__})."}
        out.write(json.dumps(result, ensure_ascii=False) + "\n")
        out.flush()
    return 0


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(prog="python -m bot classify",
                                 description="Classify Dutch text(s): form, signals, minor, acute, route.")
    ap.add_argument("--jsonl", action="store_true",
                    help='read JSON lines {"id", "text", "role", "gemeente"} instead of one text')
    ap.add_argument("--role", choices=ROLES, help="reporter role for a single text")
    ap.add_argument("--gemeente", help="gemeente for a single text")
    args = ap.parse_args(argv)

    _block_tensorflow()
    from bot.signals import get_classifier

    clf = get_classifier()
    if args.jsonl:
        return run_jsonl(clf, sys.stdin, sys.stdout)
    text = sys.stdin.read()
    if not text.strip():
        print(json.dumps({"id": None, "error": "Er is geen tekst ontvangen."}, ensure_ascii=False))
        return 1
    print(json.dumps(_result(clf, None, text, args.role, args.gemeente), ensure_ascii=False))
    return 0
