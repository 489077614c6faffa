"""`python -m bot anonymise`: replace identifiers in Dutch text by placeholders.

    python -m bot anonymise < bericht.txt          # whole stdin is one text
    python -m bot anonymise --jsonl < in.jsonl     # {"id", "text"} per line, same order out
    python -m bot anonymise --build                # build deduce's lookup cache (~3 min, once)
    python -m bot anonymise --check                # is the cache there? (exit 1 if not)
"""
from __future__ import annotations

import argparse
import json
import logging
import sys
from typing import Optional, TextIO

# Dutch messages for lines that cannot be processed (--jsonl)
ERR_JSON = "ongeldige JSON"
ERR_OBJECT = "regel is geen JSON-object"
ERR_TEXT = "veld 'text' ontbreekt of is geen tekst"
ERR_FAILED = "anonimiseren mislukt"


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m bot anonymise", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    g = p.add_mutually_exclusive_group()
    g.add_argument("--jsonl", action="store_true", help='lees {"id","text"} per regel, schrijf {"id","text"}')
    g.add_argument("--build", action="store_true", help="bouw de deduce-opzoekstructuren (eenmalig, ~3 min)")
    g.add_argument("--check", action="store_true", help="controleer of de deduce-cache klaarstaat")
    p.add_argument("--report", action="store_true", help="schrijf per tekst de aantallen per soort naar stderr")
    return p


def _run_jsonl(anon, inp: TextIO, out: TextIO) -> None:
    for line in inp:
        if not line.strip():
            continue
        ident = None
        try:
            obj = json.loads(line)
        except json.JSONDecodeError:
            out.write(json.dumps({"id": None, "error": ERR_JSON}, ensure_ascii=False) + "\n")
            continue
        if not isinstance(obj, dict):
            out.write(json.dumps({"id": None, "error": ERR_OBJECT}, ensure_ascii=False) + "\n")
            continue
        ident = obj.get("id")
        text = obj.get("text")
        if not isinstance(text, str):
            out.write(json.dumps({"id": ident, "error": ERR_TEXT}, ensure_ascii=False) + "\n")
            continue
        try:
            result = anon.anonymise(text)
        except Exception as exc:  # never echo the text in the error
            logging.getLogger(__name__).error("anonymise failed for id %r: %s", ident, type(exc).__name__)
            out.write(json.dumps({"id": ident, "error": ERR_FAILED}, ensure_ascii=False) + "\n")
            continue
        out.write(json.dumps({"id": ident, "text": result}, ensure_ascii=False) + "\n")


def main(argv: Optional[list[str]] = None) -> int:
    args = _parser().parse_args(argv)
    logging.basicConfig(stream=sys.stderr, level=logging.INFO if (args.build or args.check) else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    from bot.anonymise import deduce_backend
    from bot.services import get_services

    services = get_services()
    cache = services.settings.deduce_cache_dir
    if args.check:
        info = deduce_backend.cache_info(cache)
        print(json.dumps(info, ensure_ascii=False))
        return 0 if info["fresh"] else 1
    if args.build:
        path = deduce_backend.build_cache(cache)
        print(f"deduce-cache gebouwd: {path}")
        return 0

    anon = services.anonymiser
    if args.jsonl:
        _run_jsonl(anon, sys.stdin, sys.stdout)
        sys.stdout.flush()
        return 0
    text = sys.stdin.read()
    result, counts = anon.anonymise_with_report(text)
    sys.stdout.write(result)
    if args.report:
        sys.stderr.write(json.dumps(counts, ensure_ascii=False) + "\n")
    return 0
