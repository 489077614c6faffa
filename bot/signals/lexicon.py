"""Load and validate the signal data files (content/signals/*.yml).

The lexicon is data that is reviewed like code, so a mistake in it must stop the program at
load time with a message that names the file, the signal and the field, instead of silently
matching nothing. Pure Python: no spaCy here.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bot.config import CONTENT_DIR
from bot.vocab import LABELS, TRAFFICKING_FORMS_ORDERED

DATA_DIR = CONTENT_DIR / "signals"
NUMBERS_FILE = CONTENT_DIR / "numbers.yml"

# The labels of routing.md, in a fixed order (scores, reports, bench): see bot.vocab.
FORMS = TRAFFICKING_FORMS_ORDERED
ACUTE_KINDS = ("direct", "danger", "missing")
# The six dimensions of the ILO/EC operational indicators of trafficking (2009), and their
# Delphi grades; "none" for context, time words, counter-signals and other problems.
DIMENSIONS = ("deceptive_recruitment", "coercive_recruitment", "vulnerable_recruitment",
              "exploitative_conditions", "coercion_at_destination", "vulnerable_at_destination", "none")
STRENGTHS = ("strong", "medium", "weak", "none")
_ID_RE = re.compile(r"^[a-z][a-z0-9_]*$")


def place_words(path: str | Path | None = None) -> frozenset[str]:
    """The one-word gemeente names and aliases, lower case without accents: words the matcher
    never reads as a typo of a lexicon word."""
    from bot.textnorm import fold

    data = _read_yaml(Path(path) if path else CONTENT_DIR / "gemeenten.yml")
    names = [n for g in data["gemeenten"] for n in [g["name"], *(g.get("aliases") or [])]]
    return frozenset(fold(n).strip() for n in names if len(fold(n).split()) == 1)


class LexiconError(ValueError):
    """The signal data is invalid; the message says where and why."""


@dataclass(frozen=True)
class SignalDef:
    id: str
    group: str
    forms: tuple[str, ...]
    patterns: tuple[str, ...]
    explanation: str
    weight: float = 1.0
    coercion: bool = False
    tags: frozenset[str] = frozenset()
    acute: str | None = None
    # A feeling the reporter may say of themself ("ik ben zo bang"): not a signal then.
    about_others: bool = False
    # False for a complaint that a negation does not undo: "het minimumloon halen we niet"
    # is still a labour-law complaint.
    negatable: bool = True
    # The published indicator it stands for: ILO/EC 2009 dimension, its strength, where from.
    dimension: str = "none"
    strength: str = "none"
    source: str = ""
    indicator: str = ""

    @property
    def is_counter(self) -> bool:
        return self.group == "counter"


@dataclass(frozen=True)
class Lexicon:
    barriers: tuple[str, ...]
    groups: tuple[str, ...]
    context_tags: frozenset[str]
    signals: tuple[SignalDef, ...]
    by_id: dict[str, SignalDef] = field(repr=False, default_factory=dict)

    def __len__(self) -> int:
        return len(self.signals)


@dataclass(frozen=True)
class Normalisation:
    spelling: dict[str, str]
    negation_cues: frozenset[str]
    window_before: int
    after_cues: frozenset[str]
    window_after: int
    clause_breaks: frozenset[str]
    adult_age: int
    age_regexes: tuple[re.Pattern[str], ...]
    number_words: dict[str, int]
    first_person: frozenset[str] = frozenset()
    third_person: frozenset[str] = frozenset()


def _read_yaml(path: Path) -> Any:
    try:
        with open(path, encoding="utf-8") as fh:
            return yaml.safe_load(fh)
    except FileNotFoundError:
        raise LexiconError(f"{path}: file not found") from None
    except yaml.YAMLError as exc:
        raise LexiconError(f"{path}: invalid YAML: {exc}") from None


def _require(cond: bool, where: str, msg: str) -> None:
    if not cond:
        raise LexiconError(f"{where}: {msg}")


def _str_list(value: Any, where: str, name: str, allow_empty: bool = False) -> list[str]:
    _require(isinstance(value, list), where, f"'{name}' must be a list")
    _require(allow_empty or bool(value), where, f"'{name}' must not be empty")
    for item in value:
        _require(isinstance(item, str) and item.strip() != "", where,
                 f"'{name}' must contain non-empty strings, got {item!r}")
    return value


def _parse_signal(raw: Any, index: int, path: Path, groups: set[str], tags: set[str],
                  sources: set[str]) -> SignalDef:
    where = f"{path.name}: signals[{index}]"
    _require(isinstance(raw, dict), where, "each signal must be a mapping")
    sid = raw.get("id")
    _require(isinstance(sid, str) and bool(_ID_RE.match(sid or "")), where,
             f"'id' must be snake_case text, got {sid!r}")
    where = f"{path.name}: signal '{sid}'"
    allowed = {"id", "group", "forms", "patterns", "explanation", "weight", "coercion", "tags", "acute",
               "about_others", "negatable", "dimension", "strength", "source", "indicator"}
    unknown = set(raw) - allowed
    _require(not unknown, where, f"unknown field(s) {sorted(unknown)}; allowed: {sorted(allowed)}")
    for key in ("group", "forms", "patterns", "explanation", "dimension", "strength", "source", "indicator"):
        _require(key in raw, where, f"missing field '{key}'")
    dimension, strength, source = raw["dimension"], raw["strength"], raw["source"]
    _require(dimension in DIMENSIONS, where, f"dimension {dimension!r} is not one of {list(DIMENSIONS)}")
    _require(strength in STRENGTHS, where, f"strength {strength!r} is not one of {list(STRENGTHS)}")
    _require((dimension == "none") == (strength == "none"), where,
             "'strength' is none exactly when 'dimension' is none")
    _require(source in sources, where, f"source {source!r} is not declared in 'sources'")
    _require(isinstance(raw["indicator"], str) and raw["indicator"].strip() != "", where,
             "'indicator' must name the indicator")
    group = raw["group"]
    _require(group in groups, where, f"group {group!r} is not one of {sorted(groups)}")
    forms = _str_list(raw["forms"], where, "forms", allow_empty=True)
    for form in forms:
        _require(form in FORMS, where, f"form {form!r} is not one of {list(FORMS)}")
    patterns = _str_list(raw["patterns"], where, "patterns")
    explanation = raw["explanation"]
    _require(isinstance(explanation, str) and explanation.strip().endswith("."), where,
             "'explanation' must be one Dutch sentence ending with a full stop")
    weight = raw.get("weight", 1.0)
    _require(isinstance(weight, (int, float)) and not isinstance(weight, bool) and 0 <= weight <= 5,
             where, f"'weight' must be a number from 0 to 5, got {weight!r}")
    coercion = raw.get("coercion", group == "coercion")
    _require(isinstance(coercion, bool), where, "'coercion' must be true or false")
    sig_tags = _str_list(raw.get("tags", []), where, "tags", allow_empty=True)
    for tag in sig_tags:
        _require(tag in tags, where, f"tag {tag!r} is not declared in context_tags")
    acute = raw.get("acute")
    about_others = raw.get("about_others", False)
    _require(isinstance(about_others, bool), where, "'about_others' must be true or false")
    negatable = raw.get("negatable", True)
    _require(isinstance(negatable, bool), where, "'negatable' must be true or false")
    _require(acute is None or acute in ACUTE_KINDS, where,
             f"'acute' must be one of {list(ACUTE_KINDS)}, got {acute!r}")
    for pattern in patterns:
        _check_pattern(pattern, where)
    return SignalDef(id=sid, group=group, forms=tuple(forms), patterns=tuple(patterns),
                     explanation=explanation.strip(), weight=float(weight), coercion=coercion,
                     tags=frozenset(sig_tags), acute=acute, about_others=about_others,
                     negatable=negatable,
                     dimension=dimension, strength=strength, source=source, indicator=raw["indicator"].strip())


def _check_pattern(pattern: str, where: str) -> None:
    """Syntax check of the small pattern language (documented at the top of lexicon.yml)."""
    tokens = pattern.split()
    _require(bool(tokens), where, f"empty pattern {pattern!r}")
    _require(tokens[0] != "..." and tokens[-1] != "...", where,
             f"pattern {pattern!r} must not start or end with '...'")
    _require(any(t != "..." and not t.endswith("?") for t in tokens), where,
             f"pattern {pattern!r} needs at least one required word")
    for tok in tokens:
        if tok == "...":
            continue
        body = tok[:-1] if tok.endswith("?") and len(tok) > 1 else tok
        for alt in body.split("|"):
            _require(alt not in ("", "*"), where, f"pattern {pattern!r} has an empty alternative")
            _require("*" not in alt[:-1], where, f"'*' is only allowed at the end of a word: {alt!r}")


def load_lexicon(path: str | Path | None = None) -> Lexicon:
    path = Path(path) if path else DATA_DIR / "lexicon.yml"
    data = _read_yaml(path)
    where = path.name
    _require(isinstance(data, dict), where, "top level must be a mapping")
    for key in ("barriers", "groups", "context_tags", "sources", "signals"):
        _require(key in data, where, f"missing top-level key '{key}'")
    _require(isinstance(data["sources"], dict) and data["sources"], where,
             "'sources' must map a short key to the document it stands for")
    barriers = _str_list(data["barriers"], where, "barriers")
    groups = _str_list(data["groups"], where, "groups")
    _require(set(barriers) <= set(groups), where, "every barrier must also be listed in 'groups'")
    tags = _str_list(data["context_tags"], where, "context_tags")
    _require(isinstance(data["signals"], list) and data["signals"], where, "'signals' must be a non-empty list")
    signals = [_parse_signal(raw, i, path, set(groups), set(tags), set(data["sources"]))
               for i, raw in enumerate(data["signals"])]
    by_id: dict[str, SignalDef] = {}
    for sig in signals:
        _require(sig.id not in by_id, where, f"duplicate signal id '{sig.id}'")
        by_id[sig.id] = sig
    return Lexicon(barriers=tuple(barriers), groups=tuple(groups), context_tags=frozenset(tags),
                   signals=tuple(signals), by_id=by_id)


def load_number_words(path: str | Path | None = None) -> dict[str, int]:
    """content/numbers.yml: Dutch number words, shared by the intake and the classifier."""
    path = Path(path) if path else NUMBERS_FILE
    data = _read_yaml(path)
    words = data.get("numbers") if isinstance(data, dict) else None
    _require(isinstance(words, dict) and all(isinstance(v, int) for v in words.values()), path.name,
             "'numbers' must map words to whole numbers")
    return {str(k).lower(): v for k, v in words.items()}


def load_normalisation(path: str | Path | None = None, numbers_path: str | Path | None = None) -> Normalisation:
    path = Path(path) if path else DATA_DIR / "normalise.yml"
    data = _read_yaml(path)
    where = path.name
    _require(isinstance(data, dict), where, "top level must be a mapping")
    for key in ("spelling", "negation", "ages"):
        _require(key in data, where, f"missing top-level key '{key}'")
    spelling = data["spelling"]
    _require(isinstance(spelling, dict) and all(isinstance(k, str) and isinstance(v, str)
                                                for k, v in spelling.items()),
             where, "'spelling' must map words to words")
    neg = data["negation"]
    _require(isinstance(neg, dict), where, "'negation' must be a mapping")
    ages = data["ages"]
    _require(isinstance(ages, dict) and isinstance(ages.get("adult_age"), int), where,
             "'ages.adult_age' must be a whole number")
    regexes = []
    for rx in _str_list(ages.get("regexes"), where, "ages.regexes"):
        try:
            compiled = re.compile(rx, re.IGNORECASE)
        except re.error as exc:
            raise LexiconError(f"{where}: bad age regex {rx!r}: {exc}") from None
        _require("age" in compiled.groupindex, where, f"age regex {rx!r} needs a group named 'age'")
        regexes.append(compiled)
    span = ages.get("word_ages") or {}
    _require(isinstance(span, dict) and all(isinstance(span.get(k), int) for k in ("min", "max")),
             where, "'ages.word_ages' needs whole numbers 'min' and 'max'")
    words = {w: n for w, n in load_number_words(numbers_path).items() if span["min"] <= n <= span["max"]}
    pronouns = data.get("pronouns") or {}
    _require(isinstance(pronouns, dict), where, "'pronouns' must be a mapping")
    return Normalisation(
        spelling={k.lower(): v.lower() for k, v in spelling.items()},
        negation_cues=frozenset(_str_list(neg.get("cues"), where, "negation.cues")),
        window_before=int(neg.get("window_before", 4)),
        after_cues=frozenset(_str_list(neg.get("after_cues", []), where, "negation.after_cues", True)),
        window_after=int(neg.get("window_after", 0)),
        clause_breaks=frozenset(_str_list(neg.get("clause_breaks", []), where, "negation.clause_breaks", True)),
        adult_age=ages["adult_age"],
        age_regexes=tuple(regexes),
        number_words=words,
        first_person=frozenset(_str_list(pronouns.get("first", []), where, "pronouns.first", True)),
        third_person=frozenset(_str_list(pronouns.get("third", []), where, "pronouns.third", True)),
    )


@dataclass(frozen=True)
class ConversationTexts:
    form_names: dict[str, str]
    barrier_names: dict[str, str]
    barrier_questions: dict[str, str]
    extra_questions: dict[str, str]
    explain: dict[str, str]
    #: optional: the barrier questions for more than one person
    barrier_questions_plural: dict[str, str] = field(default_factory=dict)


_EXPLAIN_KEYS = ("form", "onduidelijk", "geen_mensenhandel", "signals", "no_signals", "minor",
                 "acute", "acute_called", "verdict", "report_again")


def load_texts(barriers: tuple[str, ...], path: str | Path | None = None) -> ConversationTexts:
    """Dutch texts for follow-up questions and explanations; every barrier needs a question."""
    path = Path(path) if path else DATA_DIR / "conversation.yml"
    data = _read_yaml(path)
    where = path.name
    _require(isinstance(data, dict), where, "top level must be a mapping")
    for key in ("form_names", "barrier_names", "barrier_questions", "extra_questions", "explain"):
        _require(isinstance(data.get(key), dict), where, f"'{key}' must be a mapping")
    for label in LABELS:
        _require(label in data["form_names"], where, f"form_names lacks '{label}'")
    for barrier in barriers:
        _require(barrier in data["barrier_questions"], where, f"barrier_questions lacks '{barrier}'")
        _require(barrier in data["barrier_names"], where, f"barrier_names lacks '{barrier}'")
    for key in _EXPLAIN_KEYS:
        _require(key in data["explain"], where, f"explain lacks '{key}'")
    _require("{form}" in data["explain"]["form"], where, "explain.form must contain {form}")
    _require("{signals}" in data["explain"]["signals"], where, "explain.signals must contain {signals}")
    plural = data.get("barrier_questions_plural") or {}
    _require(isinstance(plural, dict) and set(plural) <= set(barriers), where,
             "barrier_questions_plural must map barriers to questions")
    return ConversationTexts(**{k: dict(data[k]) for k in ("form_names", "barrier_names",
                                                             "barrier_questions", "extra_questions",
                                                             "explain")},
                             barrier_questions_plural=dict(plural))
