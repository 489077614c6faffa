"""Turn matched signals into a possible form of exploitation, with flags and reasons.

A transparent score model instead of a trained one: every decision can be traced to lexicon
signals and the rules below, which a reviewer can read in one sitting.

Evidence per form (E) = sum of weights of signals that point to that form (signals that fit
three or more forms say nothing about *which* form and only count as coercion). Coercion (C)
= sum of weights of means of coercion; counter-signals (K: free to go, own money, licence)
are subtracted. A form is chosen when its evidence is enough AND there is a means of coercion,
or when a minor is involved (art. 273f Sr: for minors no means is needed). Otherwise
context decides: a known other problem (domestic violence, smuggling, labour-law dispute,
overcrowding, other crime, voluntary licensed work) → geen_mensenhandel; else onduidelijk.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.vocab import SEKS

from .acute import AcuteDetector
from .lexicon import (FORMS, LABELS, ConversationTexts, Lexicon, Normalisation, load_lexicon,
                      load_normalisation, load_texts, place_words)

if TYPE_CHECKING:  # spaCy is imported only when a classifier is built
    from spacy.language import Language

    from .backstop import FormBackstop

    from .matcher import SignalMatcher

# Thresholds, tuned on eval/classify_dev.jsonl only (never on the held-out set).
MIN_FORM_EVIDENCE = 1.0      # evidence a form needs before it can be chosen
MIN_MEANS = 1.0              # net coercion (C - K) that counts as a means
MINOR_MIN_EVIDENCE = 1.5     # a minor needs no means, but clear evidence of the form itself
# Evidence that names a form without a means: a clear story ("moet bedelen, een man haalt het geld
# op") gets "mogelijk <form>" with its signals, not "onduidelijk" (issue 11)
FORM_ALONE_EVIDENCE = 3.0
ORGAN_EVIDENCE = 3.0         # organ removal signals are specific: they decide on their own
BASELINE_ONDUIDELIJK = 1.0
ACUTE_MODEL_MIN_WORDS = 10  # shorter messages are answers to a question, not stories
STORY_MIN_WORDS = 20        # a story this long may get a form from the backstop without a means

# Kinship words that name a younger sibling, who may be an adult ("mijn zusje van 20").
SIBLING_WORDS = frozenset({"zusje", "zusjes", "broertje", "broertjes"})

_ADULT_CHILDREN = re.compile(r"\bkinderen (?:zijn|waren) (?:al )?(?:volwassen|het huis uit|uit huis|groot)")

# ILO/EC dimensions that show control by someone else (a means, in the sense of art. 273f Sr).
CONTROL_DIMENSIONS = frozenset({"coercion_at_destination", "coercive_recruitment"})

# Context tags (routing facts) whose presence explains a situation as "not trafficking".
NOT_TRAFFICKING_TAGS = frozenset({"domestic_violence", "smuggling", "labour_law", "overcrowding",
                                  "other_crime", "licensed_business"})


@dataclass(frozen=True)
class Signal:
    id: str
    forms: list[str]
    text: str
    barrier: str
    explanation: str
    start: int = 0
    end: int = 0
    coercion: bool = False   # a means of coercion (dwangmiddel): shown as such in summaries

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "forms": list(self.forms), "text": self.text}


@dataclass(frozen=True)
class Classification:
    form: str
    scores: dict[str, float]
    minor: bool
    acute: bool
    signals: list[Signal]
    context: frozenset[str] = frozenset()
    missing_barriers: list[str] = field(default_factory=list)
    coercion: float = 0.0            # net weight of coercion signals (C - K), for follow-ups

    def to_dict(self) -> dict[str, Any]:
        return {"form": self.form, "scores": dict(self.scores), "minor": self.minor,
                "acute": self.acute, "signals": [s.to_dict() for s in self.signals]}


class Classifier:
    def __init__(self, lexicon: Lexicon, norm: Normalisation, texts: ConversationTexts,
                 matcher: "SignalMatcher", acute: AcuteDetector | None = None,
                 backstop: "FormBackstop | None" = None):
        self.lexicon = lexicon
        self.norm = norm
        self.texts = texts
        self.matcher = matcher
        self.acute_detector = acute or AcuteDetector.from_yaml()
        self.backstop = backstop

    @classmethod
    def build(cls, data_dir: str | Path | None = None, nlp: "Language | None" = None) -> "Classifier":
        from .matcher import SignalMatcher  # heavy (spaCy): only when a classifier is built

        d = Path(data_dir) if data_dir else None
        lexicon = load_lexicon(d / "lexicon.yml" if d else None)
        norm = load_normalisation(d / "normalise.yml" if d else None,
                                  d.parent / "numbers.yml" if d else None)
        texts = load_texts(lexicon.barriers, d / "conversation.yml" if d else None)
        acute = AcuteDetector.from_yaml(d / "acute.yml" if d else None)
        from .backstop import FormBackstop  # scikit-learn: only when a classifier is built

        backstop = FormBackstop.from_yaml(d / "backstop.yml" if d else None)
        places = place_words(d.parent / "gemeenten.yml" if d else None)
        return cls(lexicon, norm, texts, SignalMatcher(lexicon, norm, nlp, places), acute, backstop)

    # ------------------------------------------------------------------ classify
    def classify(self, text: str, role: str | None = None, gemeente: str | None = None) -> Classification:
        # `gemeente` does not change the classification; it is accepted so callers can pass
        # one report dict through, and routing uses it.
        del gemeente
        _, matches = self.matcher.find(text or "")
        found = [m.signal for m in matches]
        tags: set[str] = set().union(*(s.tags for s in found)) if found else set()

        evidence = {f: 0.0 for f in FORMS}
        coercion = counter = other = 0.0
        for sig in found:
            if sig.is_counter:
                counter += sig.weight
                continue
            if sig.coercion:
                coercion += sig.weight
            if 1 <= len(sig.forms) <= 2:
                for form in sig.forms:
                    evidence[form] += sig.weight / len(sig.forms)
            if sig.tags & NOT_TRAFFICKING_TAGS:
                other += sig.weight
        means = coercion - counter

        minor = self._minor(text or "", matches)
        reading = self.acute_detector.read(text or "")
        acute = (reading.acute or (not reading.habitual_only and self._probably_acute(text or ""))
                 or (self._acute(found, minor) and not reading.safe_now))
        delphi = self._delphi(found, counter)
        form, raw = self._decide(evidence, coercion, counter, means, other, minor, tags, delphi,
                                 self._tie_order(text or "", evidence))
        pointed = {f for s in found if not s.is_counter and s.weight > 0 for f in s.forms}
        if form == "onduidelijk" and self.backstop is not None and (pointed or other):
            # Signals were found but not enough for the rules. The backstop may name a form
            # that a found signal points to (that signal explains it to the user; the wording
            # stays "mogelijk"), with a sign of control, a minor, conditions at two barriers or
            # two signals, or in a whole story: a one-line "brengt pakketjes rond" stays open.
            # (5-fold CV on blind dev: macro-F1 0.801 when control was always required, 0.820 now.)
            barriers = {s.group for s in found if s.weight > 0 and not s.is_counter} & set(self.lexicon.barriers)
            distinct = {s.id for s in found if s.weight > 0 and not s.is_counter and s.forms}
            allowed = pointed if (means > 0 or minor or len(barriers) >= 2 or len(distinct) >= 2
                                  or len((text or "").split()) >= STORY_MIN_WORDS) else set()
            # "Not trafficking" needs a reason too: another problem, a sign of freedom, or a
            # whole story; a short "er wonen veel mannen" stays open and gets its questions.
            if other or counter or len((text or "").split()) >= STORY_MIN_WORDS:
                allowed = allowed | {"geen_mensenhandel"}
            guess = self.backstop.guess(text or "", allowed) if allowed else None
            if guess is not None:
                form = guess.form
                raw[form] = max(raw.values()) + 0.5
        # a problem that is not trafficking but is about work (hours, pay, a carwash, an au
        # pair's tasks) is a matter for the Arbeidsinspectie (routing R4)
        if form == "geen_mensenhandel" and any(
                not s.is_counter and s.weight > 0 and "arbeidsuitbuiting" in s.forms for s in found):
            tags = tags | {"labour_work"}
        context = self._context(form, tags, coercion, minor, role)

        signals = [Signal(id=m.signal.id, forms=list(m.signal.forms), text=text[m.start_char:m.end_char],
                          barrier=m.signal.group, explanation=m.signal.explanation,
                          start=m.start_char, end=m.end_char, coercion=bool(m.signal.coercion))
                   for m in matches if m.signal.weight > 0 or m.signal.acute]
        filled = {s.group for s in found if not s.is_counter}
        missing = [b for b in self.lexicon.barriers if b not in filled]
        return Classification(form=form, scores=_normalise(raw), minor=minor, acute=acute,
                              signals=signals, context=frozenset(context), missing_barriers=missing,
                              coercion=round(means, 3))

    @staticmethod
    def _delphi(found: list, counter: float) -> set[str]:
        """Forms for which the ILO/EC Delphi rule, adapted to "mogelijk", holds: exploitative
        conditions of that form together with any sign of control by someone else (coercion
        at destination or at recruitment), and nothing saying the person is free."""
        if counter > 0 or not any(s.dimension in CONTROL_DIMENSIONS for s in found if not s.is_counter):
            return set()
        return {f for s in found if s.dimension == "exploitative_conditions" and not s.is_counter
                and s.weight > 0 for f in s.forms}

    def _tie_order(self, text: str, evidence: dict[str, float]) -> tuple[str, ...]:
        """FORMS in the order that breaks a tie in evidence: a bank card held by someone
        points to labour and criminal exploitation alike; the backstop's reading of the whole
        text decides which comes first (was: always the order of FORMS)."""
        top = max(evidence.values())
        if self.backstop is None or top <= 0 or sum(v == top for v in evidence.values()) < 2:
            return FORMS
        rank = {g.form: i for i, g in enumerate(self.backstop.ranked(text))}
        return tuple(sorted(FORMS, key=lambda f: rank.get(f, len(rank))))

    def _decide(self, evidence: dict[str, float], coercion: float, counter: float, means: float,
                other: float, minor: bool, tags: set[str], delphi: set[str] = frozenset(),
                order: tuple[str, ...] = FORMS) -> tuple[str, dict[str, float]]:
        best = max(order, key=lambda f: evidence[f])        # ties: the first in `order`
        # A minor needs no means of coercion, unless the text says the minor is free (K > 0).
        minor_gate = minor and counter == 0 and evidence[best] >= MINOR_MIN_EVIDENCE
        gate = means >= MIN_MEANS or minor_gate or best in delphi

        raw: dict[str, float] = {}
        for f in FORMS:
            score = evidence[f] + (max(means, 0.0) if evidence[f] > 0 else 0.0)
            raw[f] = score if gate else score * 0.3
        known_other = bool(tags & NOT_TRAFFICKING_TAGS) or counter >= 1.0
        raw["geen_mensenhandel"] = other + counter
        raw["onduidelijk"] = BASELINE_ONDUIDELIJK + (0.5 * coercion if evidence[best] < MIN_FORM_EVIDENCE else 0.0)

        if evidence["orgaanverwijdering"] >= ORGAN_EVIDENCE:
            form = "orgaanverwijdering"
        elif evidence[best] >= MIN_FORM_EVIDENCE and gate:
            form = best
        elif known_other:
            form = "geen_mensenhandel"
        elif evidence[best] >= FORM_ALONE_EVIDENCE:
            form = best
        else:
            form = "onduidelijk"
        # The decision may override raw evidence (e.g. no means of coercion): lift the chosen
        # label so that the scores always agree with the decision.
        top = max(raw.values())
        if raw[form] < top or list(raw.values()).count(top) > 1:
            raw[form] = top + 0.5
        return form, raw

    def _minor(self, text: str, matches: list) -> bool:
        ages = self._ages(text)
        if any(age < self.norm.adult_age for age in ages):
            return True
        words = [text[m.start_char:m.end_char].lower() for m in matches if m.signal.group == "minor"]
        # "mijn zusje ... ze is 20": a little sister may be grown up; a stated adult age wins
        # over a kinship word, never over school, jeugdzorg or a stated minor age
        if ages and words and all(w in SIBLING_WORDS for w in words):
            return False
        # "de kinderen zijn volwassen en het huis uit": children named only to say they are grown up
        if words and all("kinder" in w for w in words) and _ADULT_CHILDREN.search(text.lower()):
            return False
        return bool(words)

    def _ages(self, text: str) -> list[int]:
        lowered = text.lower()
        out = []
        for rx in self.norm.age_regexes:
            for m in rx.finditer(lowered):
                raw = m.group("age")
                age = int(raw) if raw.isdigit() else self.norm.number_words.get(raw)
                if age is not None and 0 < age:
                    out.append(age)
        return out

    def _probably_acute(self, text: str) -> bool:
        """The backstop's danger-now model, for a story, not a short answer ("Utrecht", "de
        baas schreeuwt vaak"): recall first, so a story that also says it is calm still counts."""
        return (self.backstop is not None and len(text.split()) >= ACUTE_MODEL_MIN_WORDS
                and self.backstop.acute(text))

    @staticmethod
    def _acute(found: list, minor: bool) -> bool:
        """The lexicon's own danger signals: locked in, calling for help, a missing minor.
        (Danger *with a time word* is the acute detector's job: it reads clause by clause.)"""
        kinds = {s.acute for s in found if s.acute}
        return "direct" in kinds or ("missing" in kinds and minor)

    @staticmethod
    def _context(form: str, tags: set[str], coercion: float, minor: bool, role: str | None) -> set[str]:
        ctx = {t for t in tags if t in {"domestic_violence", "smuggling", "overcrowding",
                                        "licensed_business", "other_crime"}}
        if "crowded" in tags and form == "geen_mensenhandel":
            ctx.add("overcrowding")
        if coercion > 0:
            ctx.add("coercion")
        if "loverboy" in tags or ("partner" in tags and form == SEKS):
            ctx.add("loverboy")
        if minor and "amv" in tags:
            ctx.add("unaccompanied_minor")
        if "self_report" in tags and role != "professional":
            ctx.add("self_report")
        if "victim_contact" in tags and role == "professional":
            ctx.add("victim_contact")
        if "domestic_violence" in tags and minor:
            ctx.add("child_abuse")
        if "labour_law" in tags and form == "geen_mensenhandel":
            ctx.add("labour_law_only")
        elif "labour_work" in tags and form == "geen_mensenhandel" and not minor and not ctx & {
                "domestic_violence", "smuggling", "overcrowding", "other_crime", "licensed_business"}:
            ctx.add("labour_law_only")
        return ctx

    # ------------------------------------------------------------------ conversation support
    def followup_questions(self, c: Classification, limit: int = 2,
                           plural: bool = False) -> list[tuple[str, str]]:
        """Questions for barriers without any signal yet, in asking order.

        When nothing points to coercion yet, that question comes first: it decides most.
        ``plural``: the story is about several people, so "Lijken ze bang", not "de persoon".
        """
        t = self.texts
        out: list[tuple[str, str]] = []
        if c.form != "geen_mensenhandel" and c.coercion <= 0 and "coercion" in t.extra_questions:
            out.append(("coercion", (plural and t.extra_questions.get("coercion_plural"))
                        or t.extra_questions["coercion"]))
        out += [(b, (plural and t.barrier_questions_plural.get(b)) or t.barrier_questions[b])
                for b in c.missing_barriers]
        return out[:max(0, limit)]

    def explain(self, c: Classification, *, called_112: bool = False) -> str:
        """Dutch B1 explanation; always 'mogelijk', never a verdict.

        ``called_112``: the user already called; telling them to call is then not heard as help.
        """
        t = self.texts.explain
        parts: list[str] = []
        if c.acute:
            parts.append(t["acute_called"] if called_112 else t["acute"])
        if c.form in FORMS:
            parts.append(t["form"].format(form=self.texts.form_names[c.form]))
        else:
            parts.append(t[c.form])
        relevant = self._explaining_signals(c)
        if relevant:
            items = [s.explanation.rstrip(".") for s in relevant]
            items = [i[0].lower() + i[1:] for i in items]
            parts.append(t["signals"].format(signals="; ".join(items)))
        elif c.form != "geen_mensenhandel":
            parts.append(t["no_signals"])
        if c.minor:
            parts.append(t["minor"])
        parts.append(t["verdict"])
        if c.form == "geen_mensenhandel":
            parts.append(t["report_again"])
        return " ".join(parts)

    def _explaining_signals(self, c: Classification, limit: int = 5) -> list[Signal]:
        seen: set[str] = set()
        out: list[Signal] = []
        if c.form in FORMS:
            keep = [s for s in c.signals if c.form in s.forms or self.lexicon.by_id[s.id].coercion]
        else:
            keep = list(c.signals)
        for s in keep:
            if s.explanation not in seen:
                seen.add(s.explanation)
                out.append(s)
        return out[:limit]


def _normalise(raw: dict[str, float]) -> dict[str, float]:
    total = sum(max(v, 0.0) for v in raw.values()) or 1.0
    return {label: round(max(raw.get(label, 0.0), 0.0) / total, 4) for label in LABELS}

