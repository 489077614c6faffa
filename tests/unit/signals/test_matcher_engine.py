"""The pure-Python matching engine gives exactly what spaCy's `Matcher` gives.

`SignalMatcher.find` runs `_TokenEngine`; `find(text, use_spacy=True)` runs the same rules
through spaCy's `Matcher` (the reference). Both the raw hits (pattern key, start, end,
alignment, in order) and the final `Match` lists must be identical. spaCy's `Matcher` takes
~25 ms a text, so the full eval corpus is compared in a test marked slow
(`pytest -m "not slow"` skips it); a sample of it always runs.
"""
from __future__ import annotations

import dataclasses
import json

import pytest

from bot.config import ROOT
from bot.signals.matcher import SignalMatcher

EVAL_FILES = ["classify_dev.jsonl", "classify_heldout.jsonl", "blind_dev.jsonl", "blind_test.jsonl"]

EDGE_CASES = [
    "",
    "   ",
    "\n\n",
    "hij mag niet stoppen",                         # negation inside a gap
    "Hij mag niet stoppen met werken. Hij mag stoppen.",
    "Ik mag niet. Stoppen kan ook niet.",           # sentence end inside a gap
    "ik ben. weggelopen",
    "ik ben gisteren samen met haar weggelopen",    # gap of 4
    "ik ben gisteren samen met haar en hem weggelopen",   # gap too long
    "De baas heeft zijn paspoorrt.",                # typo at edit distance 1
    "De baas heeft z'n pasport.",                   # spelling list
    "Hun paspoorten werden afgepakt door de baas.",
    "de kinderen en het kind en een groep kinderen",
    "Ik word gedwongen, bedreigd en geslagen.",
    "ik ik ik ben ben weggelopen weggelopen",
    "Ze heeft geen schulden meer bij de baas!",
    "Niemand dwingt hem. Hij wordt nergens toe gedwongen?",
    "'Vriend' zegt: \"boetes\" betalen; zzp'er",    # quotes removed, offsets mapped back
]

# Synthetic patterns that exercise what the lexicon may not (or no longer) contain: optional
# words at the start and end, '*' prefixes, a negation word that can be a gap token or a
# pattern word, two gaps.
SYNTHETIC = [
    ("mag? niet? ... stoppen|weg", "kan ... stoppen"),
    ("paspoort* ... baas?", "werkgever|baas* houdt? paspoort*"),
    ("geen? werk* meer?", "schuld*"),
    ("ik ... niet? ... weg", "ik mag? ... weg"),
    ("de|het? kind|kinderen", "een? groep? kinderen|jongeren?"),
]
SYNTHETIC_TEXTS = EDGE_CASES + [
    "ik mag niet weg", "ik mag weg", "ik wil hier echt niet meer weg", "ik niet weg",
    "mag niet stoppen", "niet stoppen", "stoppen", "kan echt niet stoppen",
    "paspoort", "paspoorten bij de baas", "de baas houdt mijn paspoort", "baasje paspoortje",
    "geen werk meer", "werken meer", "geen werkgever", "schulden schuldig",
    "kinderen", "het kind", "een groep jongeren", "een groep", "groep kinderen jongeren",
]


def _eval_texts() -> list[str]:
    texts = []
    for name in EVAL_FILES:
        with open(ROOT / "eval" / name, encoding="utf-8") as fh:
            texts += [json.loads(line)["text"] for line in fh if line.strip()]
    return texts


@pytest.fixture(scope="module")
def matcher(services) -> SignalMatcher:
    m = services.classifier.matcher
    m.matcher                                       # build the reference spaCy Matcher here
    return m


@pytest.fixture(scope="module")
def synthetic(matcher) -> SignalMatcher:
    """A matcher over a few real signals whose patterns are replaced by SYNTHETIC."""
    signals = [dataclasses.replace(sig, patterns=pats)
               for sig, pats in zip(matcher.lexicon.signals, SYNTHETIC)]
    lexicon = dataclasses.replace(matcher.lexicon, signals=tuple(signals),
                                  by_id={s.id: s for s in signals})
    return SignalMatcher(lexicon, matcher.norm, matcher.nlp)


def _assert_same(m: SignalMatcher, text: str) -> None:
    doc, _ = m.make_doc(text)
    assert m._engine_matches(doc) == m._spacy_matches(doc), text
    assert m.find(text)[1] == m.find(text, use_spacy=True)[1], text


def test_engine_equals_spacy_on_a_sample_of_eval_texts(matcher):
    texts = _eval_texts()[::14]
    assert len(texts) > 40
    for text in texts:
        _assert_same(matcher, text)


@pytest.mark.slow                                   # ~700 texts through spaCy's Matcher: ~20 s
def test_engine_equals_spacy_on_all_eval_texts(matcher):
    texts = _eval_texts()
    assert len(texts) > 600
    differ = [t for t in texts if matcher.find(t)[1] != matcher.find(t, use_spacy=True)[1]]
    assert differ == []


@pytest.mark.parametrize("text", EDGE_CASES)
def test_engine_equals_spacy_on_edge_cases(matcher, text):
    _assert_same(matcher, text)


def test_engine_equals_spacy_on_synthetic_patterns(synthetic):
    assert any(t.endswith("?") for sig in synthetic.lexicon.signals for p in sig.patterns
               for t in p.split()[:1])
    hits = 0
    for text in SYNTHETIC_TEXTS + _eval_texts()[::3]:
        _assert_same(synthetic, text)
        hits += bool(synthetic.find(text)[1])
    assert hits > 20                                # the patterns do fire

