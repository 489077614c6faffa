"""The full anonymiser (deduce + our recognisers). deduce loads once per test session
(~10-20 s from its cache; if the cache is missing it is built once, ~3 min)."""
import io
import json
import logging
from pathlib import Path

import pytest


from bot.config import ROOT  # noqa: E402


@pytest.fixture(scope="session")
def anon(services):
    return services.anonymiser


def test_singleton(anon, services):
    assert services.anonymiser is anon  # built once per process


def test_placeholders_consistent_within_text(anon):
    out = anon.anonymise("Piotr Kowalski belt. Later zei Piotr dat hij 06-12345678 heeft; bel 0612345678.")
    assert out.count("[PERSOON-1]") == 2 and "[PERSOON-2]" not in out
    assert out.count("[TELEFOON-1]") == 2 and "[TELEFOON-2]" not in out


def test_report_counts(anon):
    text, counts = anon.anonymise_with_report(
        "Mail naar a.b@gmail.com of bel +48 512 345 678, IBAN NL91 ABNA 0417 1643 00, kenteken 12-ABC-3.")
    assert counts == {"EMAIL": 1, "TELEFOON": 1, "IBAN": 1, "KENTEKEN": 1}
    assert "[EMAIL-1]" in text and "[IBAN-1]" in text


@pytest.mark.parametrize("text,gone", [
    ("Mijn buurman Jan de Vries woont aan de Kerkstraat 12.", ["Jan", "Vries", "Kerkstraat 12"]),
    ("Het meisje heet Blessing Okafor.", ["Blessing", "Okafor"]),
    ("De baas is Nguyen Van Minh.", ["Nguyen", "Minh"]),
    ("Ahmed El Amrani en Mehmet Yılmaz rijden.", ["Ahmed", "Amrani", "Mehmet", "Yılmaz"]),
    ("Oleksandr Bondarenko en Ioana Popescu werken daar.", ["Oleksandr", "Bondarenko", "Ioana", "Popescu"]),
    ("hij heet piotr nowak", ["piotr", "nowak"]),
    ("Zijn BSN is 111222333, geboren 14-07-1999.", ["111222333", "14-07-1999"]),
])
def test_identifiers_removed(anon, text, gone):
    out = anon.anonymise(text)
    for g in gone:
        assert g not in out, out


def test_keep_routing_information(anon):
    text = ("In Doetinchem en het Westland werken Poolse mannen uit Polen in de kas; ook Roemeense, Bulgaarse, "
            "Nigeriaanse en Vietnamese vrouwen in een massagesalon en op een camping. Paspoort afgepakt, "
            "schulden, opgesloten, loverboy. Ze is van 15.")
    assert anon.anonymise(text) == text


def test_place_names_that_are_first_names(anon):
    out = anon.anonymise("Anna woont in Anna Paulowna. Mark werkt in Ede.")
    assert "Anna Paulowna" in out and "Ede" in out
    assert not out.startswith("Anna ") and "Mark" not in out


@pytest.mark.parametrize("text,gone,kept", [
    ("ik ken jan en piet van de overkant", ["jan", "piet"], ["overkant"]),
    ("sanne (16) wordt opgehaald", ["sanne"], ["(16)", "opgehaald"]),
    ("de baas van lisa en emma houdt de paspoorten", ["lisa", "emma"], ["baas", "paspoorten"]),
    # words that are also names, and a date, stay
    ("op 10 jan stond de bas hard aan, wil je de roos zien", [], ["10 jan", "bas", "wil", "roos"]),
])
def test_lowercase_dutch_first_names(anon, text, gone, kept):
    out = anon.anonymise(text)
    words = set(out.replace(",", " ").split())
    for name in gone:
        assert name not in words, out
    for word in kept:
        assert word in out, out


def test_cli_stdin(monkeypatch, capsys):
    from bot.cli.anonymise import main

    monkeypatch.setattr("sys.stdin", io.StringIO("Bel Piotr Kowalski op 0612345678 in Venlo"))
    assert main([]) == 0
    assert capsys.readouterr().out == "Bel [PERSOON-1] op [TELEFOON-1] in Venlo"


def test_cli_jsonl_order_and_errors(monkeypatch, capsys):
    from bot.cli.anonymise import main

    lines = [
        json.dumps({"id": 1, "text": "Bel 0612345678"}), "geen json", json.dumps({"id": 3}),
        json.dumps(["lijst"]), json.dumps({"id": "x", "text": "Kas in Westland"}),
    ]
    monkeypatch.setattr("sys.stdin", io.StringIO("\n".join(lines) + "\n"))
    assert main(["--jsonl"]) == 0
    out = [json.loads(l) for l in capsys.readouterr().out.splitlines()]
    assert out == [
        {"id": 1, "text": "Bel [TELEFOON-1]"},
        {"id": None, "error": "ongeldige JSON"},
        {"id": 3, "error": "veld 'text' ontbreekt of is geen tekst"},
        {"id": None, "error": "regel is geen JSON-object"},
        {"id": "x", "text": "Kas in Westland"},
    ]


def test_under_10ms_per_text_after_load(anon):
    import time

    rows = [json.loads(l) for l in (ROOT / "eval/pii.jsonl").read_text(encoding="utf-8").splitlines()]
    t0 = time.perf_counter()
    for r in rows:
        anon.anonymise(r["text"])
    assert (time.perf_counter() - t0) * 1000 / len(rows) < 10


def test_eval_set_no_leaks_keep_97(anon):
    import importlib.util

    spec = importlib.util.spec_from_file_location("bench", ROOT / "scripts/bench_anonymise.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    rows = [json.loads(l) for l in (ROOT / "eval/pii.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(rows) >= 150
    stats, leaks, drops = bench.evaluate(anon, rows)
    assert not leaks, leaks[:5]
    assert stats["keep_rate"] >= 0.97, drops[:5]


def test_spacy_ner_path_with_stand_in():
    """A blank Dutch pipeline + entity ruler stands in for nl_core_news_sm."""
    spacy = pytest.importorskip("spacy")
    from bot.anonymise.anonymiser import Anonymiser

    nlp = spacy.blank("nl")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns([{"label": "PERSON", "pattern": "Zwanetta"}, {"label": "GPE", "pattern": "Doetinchem"}])
    anon = Anonymiser(use_deduce=False, spacy_nlp=nlp)
    assert anon.anonymise("Zwanetta woont in Doetinchem.") == "[PERSOON-1] woont in Doetinchem."
    assert Anonymiser(use_deduce=False, spacy_nlp=None).anonymise("Zwanetta woont hier.") == "Zwanetta woont hier."


def test_spacy_model_absent_is_none(monkeypatch):
    from bot.anonymise import anonymiser

    monkeypatch.setattr(anonymiser.importlib.util, "find_spec", lambda name: None)
    assert anonymiser.load_spacy_model() is None


def test_loader_warns_before_building(tmp_path, monkeypatch, caplog):
    """No silent 3-minute build: a missing cache logs a WARNING (or raises if not allowed)."""
    from bot.anonymise import deduce_backend

    assert not deduce_backend.cache_is_fresh(tmp_path)
    with pytest.raises(deduce_backend.DeduceCacheMissing):
        deduce_backend.load_deduce(allow_build=False, cache=tmp_path)

    built = {}

    class FakeDeduce:
        def __init__(self, **kw):
            built.update(kw)

    class FakeModule:
        Deduce = FakeDeduce

    monkeypatch.setattr(deduce_backend, "_import_deduce", lambda: FakeModule)
    with caplog.at_level(logging.WARNING, logger="bot.anonymise.deduce_backend"):
        deduce_backend.load_deduce(allow_build=True, cache=tmp_path)
    assert any("3 minutes" in r.getMessage() for r in caplog.records if r.levelno == logging.WARNING)
    assert built["cache_path"] == tmp_path


def test_import_does_no_work():
    import subprocess
    import sys

    code = "import sys, bot.anonymise; print('deduce' in sys.modules, 'bot.anonymise.anonymiser' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]
