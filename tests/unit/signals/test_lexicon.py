"""The signal data files load, and broken data fails at load with a clear message."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bot.signals.lexicon import (FORMS, LexiconError, load_lexicon, load_normalisation, load_texts)

from bot.config import ROOT  # noqa: E402

GOOD_SIGNAL = """
  - id: paspoort_weg
    group: identiteit
    forms: [arbeidsuitbuiting]
    dimension: coercion_at_destination
    strength: strong
    source: ilo
    indicator: "Confiscation of documents"
    patterns: ["paspoort ... afgepakt"]
    explanation: "Iemand anders houdt het paspoort vast."
"""


def write_lexicon(tmp_path: Path, signals: str, head: str | None = None) -> Path:
    head = head if head is not None else (
        "barriers: [werving, identiteit]\n"
        "groups: [werving, identiteit, coercion, counter]\n"
        "context_tags: [now]\n"
        "sources: {ilo: ILO/EC 2009}\n"
        "signals:\n")
    path = tmp_path / "lexicon.yml"
    path.write_text(head + signals, encoding="utf-8")
    return path


def test_real_lexicon_is_large_and_covers_every_form_and_group():
    lx = load_lexicon()
    assert len(lx) > 100
    covered = {f for s in lx.signals for f in s.forms}
    assert covered == set(FORMS)
    groups = {s.group for s in lx.signals}
    assert set(lx.barriers) <= groups
    assert {"coercion", "minor", "acute", "context", "counter"} <= groups
    assert all(s.explanation.endswith(".") for s in lx.signals)


def test_every_real_signal_names_its_indicator_dimension_and_source():
    """Coverage comes from the published lists: most signals stand for an ILO/EC indicator of
    one of the six dimensions, and every one names where it comes from."""
    lx = load_lexicon()
    dims = {s.dimension for s in lx.signals}
    assert {"exploitative_conditions", "coercion_at_destination", "vulnerable_recruitment",
            "deceptive_recruitment"} <= dims
    graded = [s for s in lx.signals if s.dimension != "none"]
    assert len(graded) >= 0.6 * len(lx.signals)
    assert sum(s.source == "ilo_ec_2009" for s in lx.signals) >= 30
    assert all(s.indicator and s.source for s in lx.signals)


def test_real_texts_and_normalisation_load():
    lx = load_lexicon()
    texts = load_texts(lx.barriers)
    assert set(texts.barrier_questions) >= set(lx.barriers)
    norm = load_normalisation()
    assert "geen" in norm.negation_cues and norm.adult_age == 18


def test_minimal_valid_lexicon(tmp_path):
    lx = load_lexicon(write_lexicon(tmp_path, GOOD_SIGNAL))
    assert lx.by_id["paspoort_weg"].forms == ("arbeidsuitbuiting",)
    assert lx.by_id["paspoort_weg"].weight == 1.0


@pytest.mark.parametrize("signals, message", [
    (GOOD_SIGNAL.replace("forms: [arbeidsuitbuiting]", "forms: [slavernij]"), "form 'slavernij'"),
    (GOOD_SIGNAL.replace("group: identiteit", "group: wonen"), "group 'wonen'"),
    (GOOD_SIGNAL.replace('    explanation: "Iemand anders houdt het paspoort vast."\n', ""),
     "missing field 'explanation'"),
    (GOOD_SIGNAL + GOOD_SIGNAL, "duplicate signal id 'paspoort_weg'"),
    (GOOD_SIGNAL.replace('"paspoort ... afgepakt"', '"... afgepakt"'), "must not start or end with '...'"),
    (GOOD_SIGNAL.replace('"paspoort ... afgepakt"', '"pas*poort"'), "'*' is only allowed at the end"),
    (GOOD_SIGNAL.replace("forms:", "tags: [onbekend]\n    forms:"), "tag 'onbekend' is not declared"),
    (GOOD_SIGNAL.replace("forms:", "wieght: 2\n    forms:"), "unknown field(s) ['wieght']"),
    (GOOD_SIGNAL.replace("forms:", "weight: veel\n    forms:"), "'weight' must be a number"),
    (GOOD_SIGNAL.replace("id: paspoort_weg", "id: Paspoort Weg"), "'id' must be snake_case"),
    (GOOD_SIGNAL.replace('vast."', 'vast"'), "ending with a full stop"),
    (GOOD_SIGNAL.replace("coercion_at_destination", "dwang"), "dimension 'dwang' is not one of"),
    (GOOD_SIGNAL.replace("strength: strong", "strength: none"), "'strength' is none exactly when"),
    (GOOD_SIGNAL.replace("source: ilo", "source: internet"), "source 'internet' is not declared"),
    (GOOD_SIGNAL.replace('    indicator: "Confiscation of documents"\n', ""), "missing field 'indicator'"),
])
def test_invalid_signal_is_reported_with_signal_and_field(tmp_path, signals, message):
    with pytest.raises(LexiconError) as err:
        load_lexicon(write_lexicon(tmp_path, signals))
    assert message in str(err.value)
    assert "lexicon.yml" in str(err.value)


def test_broken_yaml_is_a_lexicon_error(tmp_path):
    path = write_lexicon(tmp_path, "  - id: [unclosed\n")
    with pytest.raises(LexiconError, match="invalid YAML"):
        load_lexicon(path)


def test_missing_file_is_a_lexicon_error(tmp_path):
    with pytest.raises(LexiconError, match="file not found"):
        load_lexicon(tmp_path / "nope.yml")


def test_texts_need_a_question_for_every_barrier(tmp_path):
    src = (ROOT / "content" / "signals" / "conversation.yml").read_text(encoding="utf-8")
    path = tmp_path / "conversation.yml"
    path.write_text(src.replace("  geld: \"Weet je wie het geld", "  geldx: \"Weet je wie het geld"),
                    encoding="utf-8")
    with pytest.raises(LexiconError, match="barrier_questions lacks 'geld'"):
        load_texts(("werving", "geld"), path)


def test_bad_age_regex_is_reported(tmp_path):
    src = (ROOT / "content" / "signals" / "normalise.yml").read_text(encoding="utf-8")
    path = tmp_path / "normalise.yml"
    path.write_text(src.replace("regexes:\n", "regexes:\n    - '(?P<leeftijd>\\d+)'\n", 1), encoding="utf-8")
    with pytest.raises(LexiconError, match="group named 'age'"):
        load_normalisation(path)


def test_importing_the_package_does_not_load_spacy():
    code = "import sys, bot.signals; print('spacy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
