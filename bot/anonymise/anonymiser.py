"""The anonymiser: deduce + our recognisers + optional spaCy NER, then placeholders.

Order of work for one text:
1. our regex/checksum recognisers (phone, e-mail, URL, handle, IBAN, BSN, documents,
   plates, postcodes, street + number, dates of birth);
2. deduce (Dutch names, streets with house number, postcodes) with places, dates, ages
   and institutions switched off;
3. our non-Dutch name recogniser, and spaCy ``PER``/``PERSON`` entities when a Dutch
   spaCy model (``nl_core_news_sm``) is installed;
4. person spans that are keep-words (gemeenten, towns, nationalities, signals) are
   dropped or trimmed; overlapping spans are merged (union, highest-priority kind);
5. each distinct value gets one placeholder per kind: ``[PERSOON-1]``, ``[TELEFOON-2]``...
"""
from __future__ import annotations

import importlib.util
import logging
import re
from collections import Counter
from pathlib import Path
from typing import Any, Callable, Optional

from . import deduce_backend
from .dutch_surnames import find_dutch_surnames
from .things import drop_kept
from .names import _PLACE_CONTEXT, _STRONG_CONTEXT, NameLexicon, find_names, load_name_lexicon
from .recognizers import KINDS, Span, find_all_structured, is_spelled_address, resolve_overlaps

log = logging.getLogger(__name__)

SPACY_MODEL = "nl_core_news_sm"
#: words left at the end of a person span once a place after them is cut off
_TRAILING_LINKS = frozenset({"in", "het", "'t", "uit", "bij", "te", "op", "naar"})
_ARTICLES = frozenset({"de", "het", "'t", "een", "die", "deze"})
_PARTICLES_ONLY = frozenset({"van", "de", "den", "der", "ter", "ten", "het", "'t", "in", "op", "uit"})
_SPACY_PERSON_LABELS = {"PER", "PERSON"}
_AUTO = object()


def _normalise(kind: str, value: str) -> str:
    v = value.strip().lower()
    if kind == "TELEFOON":
        d = re.sub(r"\D", "", v)
        if v.startswith("+31") or d.startswith("0031"):
            d = "0" + d[2:] if v.startswith("+31") else "0" + d[4:]
        return d
    if kind in {"IBAN", "KENTEKEN", "POSTCODE", "BSN", "DOCUMENT"}:
        return re.sub(r"[\s.\-/]", "", v)
    if kind == "PERSOON":
        return " ".join(re.findall(r"[^\W\d_]+", v))
    return re.sub(r"\s+", " ", v)


def load_spacy_model(name: str = SPACY_MODEL) -> Optional[Any]:
    """Load the Dutch spaCy model if it is installed; None otherwise (never downloads)."""
    if importlib.util.find_spec(name) is None:
        return None
    try:
        import spacy

        return spacy.load(name, disable=["parser", "lemmatizer", "tagger", "morphologizer", "attribute_ruler"])
    except Exception as exc:  # pragma: no cover - depends on installation
        log.warning("spaCy model %s could not be loaded (%s); continuing without it", name, type(exc).__name__)
        return None



#: a number followed by what it counts is no house number ("Want 10 man in een chalet": deduce
#: read "Want 10" as a street; persona run, stop 27)
_COUNT_AFTER = re.compile(r"\s*(?:man|mannen|mensen|vrouwen|personen|arbeiders|werknemers|jongens|meisjes|kinderen"
                          r"|uur|euro|keer|dagen|weken|maanden|jaar|bedden|kamers|chalets|caravans)\b", re.I)

class Anonymiser:
    """Replace identifiers in Dutch text by placeholders.

    ``deduce_model``: a ``deduce.Deduce`` (default: loaded from cache); pass ``None`` with
    ``use_deduce=False`` for a regex-and-lists-only anonymiser (tests, tooling).
    ``spacy_nlp``: a spaCy ``Language`` (or anything callable returning a doc with
    ``.ents``); default: ``nl_core_news_sm`` if installed, else no NER.
    """

    def __init__(
        self,
        deduce_model: Any = _AUTO,
        *,
        use_deduce: bool = True,
        spacy_nlp: Any = _AUTO,
        lexicon: Optional[NameLexicon] = None,
        allow_build: bool = True,
        deduce_cache: Optional[Path] = None,
    ) -> None:
        self.lexicon = lexicon or load_name_lexicon()
        if not use_deduce:
            self._deduce = None
        elif deduce_model is _AUTO:
            self._deduce = deduce_backend.load_deduce(allow_build=allow_build, cache=deduce_cache)
        else:
            self._deduce = deduce_model
        self._nlp = load_spacy_model() if spacy_nlp is _AUTO else spacy_nlp

    # ------------------------------------------------------------------ spans
    def _spacy_spans(self, text: str) -> list[Span]:
        if self._nlp is None:
            return []
        doc = self._nlp(text)
        return [
            Span(e.start_char, e.end_char, "PERSOON", "spacy")
            for e in doc.ents
            if e.label_ in _SPACY_PERSON_LABELS
        ]

    def _filter_person(self, text: str, span: Span) -> list[Span]:
        """Drop or trim person spans that are (or start/end with) keep-words.

        Spans are first split at sentence punctuation (deduce merges "Paulowna. Mark").
        """
        out: list[Span] = []
        piece_start = span.start
        for m in re.finditer(r"[.!?;:,\n]+\s*", text[span.start:span.end]):
            out += self._filter_piece(text, Span(piece_start, span.start + m.start(), "PERSOON", span.source))
            piece_start = span.start + m.end()
        out += self._filter_piece(text, Span(piece_start, span.end, "PERSOON", span.source))
        return out

    def _filter_piece(self, text: str, span: Span) -> list[Span]:
        lex = self.lexicon
        toks = list(re.finditer(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*", text[span.start:span.end]))
        if not toks:
            return []
        before = text[max(0, span.start - 30):span.start]
        if lex.is_keep(text[span.start:span.end], before):
            return []
        if _STRONG_CONTEXT.search(text[max(0, span.start - 60):span.start]):
            return [span]

        def after_articles_only(i: int) -> bool:
            return all(toks[j].group(0).lower() in _ARTICLES for j in range(i))

        def droppable(t: str, pre: str, leading: bool, i: int) -> bool:
            low = t.lower()
            if low in lex.peoples and (after_articles_only(i) or all(  # "de Polen", "van de Polen"; not "Jan Pool"
                    toks[j].group(0).lower() in _ARTICLES or toks[j].group(0).lower() == "van" for j in range(i))):
                return True
            if lex.is_keep(t, pre) and (low not in lex.places or len(toks) == 1 or _PLACE_CONTEXT.search(pre)):
                return True
            if leading and span.source == "deduce" and low in lex.common and low not in lex.any_first:
                return True
            return False

        a, b = 0, len(toks) - 1
        while a <= b:
            pos = span.start + toks[a].start()
            if droppable(toks[a].group(0), text[max(0, pos - 30):pos], True, a):
                a += 1
            else:
                break
        while b >= a:
            pos = span.start + toks[b].start()
            word = toks[b].group(0)
            # a keep-word cut off the end takes its preposition along: "Bakker [in het Westland]"
            if droppable(word, text[max(0, pos - 30):pos], False, b) or (
                    b < len(toks) - 1 and word.lower() in _TRAILING_LINKS):
                b -= 1
            else:
                break
        if a > b or after_articles_only(b + 1) or all(
                toks[i].group(0).lower() in _PARTICLES_ONLY for i in range(a, b + 1)):
            return []  # nothing left, or only "van"/"de" of a place that was cut off
        return [Span(span.start + toks[a].start(), span.start + toks[b].end(), "PERSOON", span.source)]

    def _protect_keep_phrases(self, text: str, spans: list[Span]) -> list[Span]:
        """Cut multi-word keep phrases ("Anna Paulowna", "Den Haag") out of person spans."""
        low = text.lower()
        protected: list[tuple[int, int]] = []
        for phrase in self.lexicon.keep_phrases:
            if phrase in low:
                for m in re.finditer(r"(?<![\w])" + re.escape(phrase) + r"(?![\w])", low):
                    protected.append((m.start(), m.end()))
        if not protected:
            return spans
        out: list[Span] = []
        for s in spans:
            if s.kind != "PERSOON":
                out.append(s)
                continue
            pieces = [(s.start, s.end)]
            for a, b in protected:
                nxt = []
                for x, y in pieces:
                    if b <= x or y <= a:
                        nxt.append((x, y))
                    else:
                        if x < a:
                            nxt.append((x, a))
                        if b < y:
                            nxt.append((b, y))
                pieces = nxt
            for x, y in pieces:
                frag = text[x:y]
                m = re.search(r"[^\W\d_].*[^\W\d_]|[^\W\d_]", frag)
                if m and len(m.group(0)) >= 2:
                    out.append(Span(x + m.start(), x + m.end(), "PERSOON", s.source))
        return out

    def find_spans(self, text: str) -> list[Span]:
        spans = find_all_structured(text, self.lexicon.is_plain_word)
        people: list[Span] = []
        if self._deduce is not None:
            for s in deduce_backend.deduce_spans(self._deduce, text):
                (people if s.kind == "PERSOON" else spans).append(s)
        people += find_names(text, self.lexicon)
        people += self._spacy_spans(text)
        people = [p for s in people for p in self._filter_person(text, s)]
        spans = self._protect_keep_phrases(text, spans + people)
        # after the keep-phrase cut: "van den Bosch" is a name, though "Den Bosch" is a place
        spans += find_dutch_surnames(text, self.lexicon, [s for s in spans if s.kind == "PERSOON"])
        spans = [s for s in spans if not (s.kind == "ADRES" and (self._is_keep_only_address(text, s)
                                                              or _COUNT_AFTER.match(text, s.end)))]
        return resolve_overlaps(drop_kept(text, spans, self.lexicon.landmarks))

    def _is_keep_only_address(self, text: str, span: Span) -> bool:
        # deduce may mark "Westland 3" style phrases; a bare keep-word is never an address
        found = text[span.start:span.end]
        return not re.search(r"\d", found) and not is_spelled_address(found)

    # ------------------------------------------------------------------ API
    def anonymise_with_report(self, text: str) -> tuple[str, dict[str, int]]:
        """Return the anonymised text and, per placeholder kind, how many spans were replaced.

        The same value gets the same placeholder within one text; a person mentioned by a
        part of their name ("Piotr" next to "Piotr Kowalski") shares the full name's number
        when that is unambiguous.
        """
        if not text:
            return text, {}
        (out,), counts = self._replace([text])
        return out, counts

    def anonymise_all(self, texts: list[str | None]) -> list[str | None]:
        """Several texts of one conversation with one numbering: a person is [PERSOON-1] in
        every field where they appear, and two different people never share a number."""
        present = [t for t in texts if t]
        done = iter(self._replace(present)[0]) if present else iter(())
        return [next(done) if t else t for t in texts]

    def _replace(self, texts: list[str]) -> tuple[list[str], dict[str, int]]:
        found = [(text, self.find_spans(text)) for text in texts]
        values = [[_normalise(s.kind, text[s.start:s.end]) for s in spans] for text, spans in found]
        canon = {(s.kind, v): v for (_, spans), vs in zip(found, values) for s, v in zip(spans, vs)}
        people = {v for (_, spans), vs in zip(found, values) for s, v in zip(spans, vs) if s.kind == "PERSOON"}
        for v in people:
            words = set(v.split())
            supers = [w for w in people if w != v and words and words < set(w.split())]
            maximal = [w for w in supers if not any(set(w.split()) < set(x.split()) for x in supers)]
            if len(maximal) == 1:
                canon[("PERSOON", v)] = maximal[0]
        numbers: dict[str, dict[str, int]] = {k: {} for k in KINDS}
        counts: Counter = Counter()
        outputs: list[str] = []
        for (text, spans), vs in zip(found, values):
            parts: list[str] = []
            pos = 0
            for s, v in zip(spans, vs):
                key = canon[(s.kind, v)]
                table = numbers[s.kind]
                if key not in table:
                    table[key] = len(table) + 1
                parts.append(text[pos:s.start])
                parts.append(f"[{s.kind}-{table[key]}]")
                counts[s.kind] += 1
                pos = s.end
            parts.append(text[pos:])
            outputs.append("".join(parts))
        return outputs, dict(counts)

    def anonymise(self, text: str) -> str:
        return self.anonymise_with_report(text)[0]
