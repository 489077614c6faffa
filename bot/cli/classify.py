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


def routes_for(c: Any, role: str | None, gemeente: str | None, services: Any) -> list[dict[str, str]]:
    """Routes for a classification as a list of {code, reason}."""
    from bot.routing import decide_routes

    match = services.gemeenten.resolve(gemeente) if gemeente and gemeente.strip() else None
    # A gemeente the routing data does not know: the national routes still apply (R5).
    routes = decide_routes(c.form, acute=c.acute, minor=c.minor, role=role,
                           gemeente=match.name if match else None, context=c.context,
                           policy=services.policy)
    return [{"code": r.code, "reason": r.reason} for r in routes]


def _result(services: Any, item_id: Any, text: str, role: str | None, gemeente: str | None) -> dict[str, Any]:
    c = services.classifier.classify(text, role=role, gemeente=gemeente)
    routes = routes_for(c, role, gemeente, services)
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


def run_jsonl(services: Any, inp: TextIO, out: TextIO) -> int:
    for line in inp:
        if not line.strip():
            continue
        item_id, fields, error = _parse_line(line)
        if error:
            result: dict[str, Any] = {"id": item_id, "error": error}
        else:
            try:
                result = _result(services, item_id, **fields)
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
    from bot.services import get_services

    services = get_services()
    if args.jsonl:
        return run_jsonl(services, sys.stdin, sys.stdout)
    text = sys.stdin.read()
    if not text.strip():
        print(json.dumps({"id": None, "error": "Er is geen tekst ontvangen."}, ensure_ascii=False))
        return 1
    print(json.dumps(_result(services, None, text, args.role, args.gemeente), ensure_ascii=False))
    return 0
