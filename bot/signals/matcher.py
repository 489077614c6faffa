"""Find lexicon signals in Dutch text with spaCy.

How matching works, and why:
- One spaCy pipeline: `nl_core_news_sm` when it is installed (better lemmas), else
  `spacy.blank("nl")` plus the lookup lemmatizer from spacy-lookups-data. Both run offline.
- Every token gets one normalised key in `token.norm_`: its lemma or its lowercase form,
  whichever the lexicon knows, after accent stripping and the spelling list of
  normalise.yml. Typos in words of 6+ letters are mapped to a lexicon word at edit distance 1
  (spaCy 3.4 has no FUZZY operator). Patterns are compiled to rules on NORM, so
  "paspoorten", "paspoort" and "pasport" all hit the same rule.
- The rules are run by `_TokenEngine`, a small pure-Python port of spaCy's `Matcher` state
  machine (same spans, same alignments, same order), which only starts a pattern where one of
  its possible first words occurs. spaCy's `Matcher` tried every pattern at every token and took
  ~20 ms per text; the engine takes well under 1 ms. The spaCy `Matcher` is still built on
  demand (`SignalMatcher.matcher`, `_spacy_matches`) as the reference the tests compare with.
- A match is dropped when a negation cue ("geen", "niet", "nergens" ...) stands shortly before
  it in the same clause, or inside one of its gaps ("kan niet ... stoppen").
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc

from bot.textnorm import strip_accents

from .lexicon import Lexicon, LexiconError, Normalisation, SignalDef

_DIMINUTIVE = re.compile(r"(?:je|jes)$")
GAP = 4                      # "..." = up to this many tokens
FUZZY_MIN_LEN = 6            # only longer words are typo-corrected: short words collide too often
_SENTENCE_END = [".", "!", "?", ";"]
# Quotes around words ('vriend', "boetes") split tokens and break phrases; apostrophes inside
# words (z'n, zzp'er) are kept. Quotes are removed before parsing and offsets mapped back.
_QUOTES = re.compile(r"(?<![\w])['‘’\"“”]|['‘’\"“”](?![\w])")
def _looks_like_a_name(doc: Doc, i: int) -> bool:
    """A capitalised word inside a sentence ("mijn zoon Kacper") is a name, not a typo of a
    lexicon word ("kapper"): it is never typo-corrected."""
    text = doc[i].text
    return (i > 0 and text[:1].isupper() and not text.isupper()
            and not (doc[i - 1].is_punct and doc[i - 1].text in ".!?:") and "\n" not in doc[i - 1].whitespace_ + doc[i - 1].text)


# A quoted utterance ("zei 'ik moet nog betalen'"): its "ik" is the person quoted, not the
# reporter. Opening quote after a space, colon or bracket, closing quote before a space or
# punctuation, so "m'n" and "'s avonds" open or close nothing.
_QUOTED = re.compile(r"(?:^|(?<=[\s:(]))['\"‘“][^'\"’”\n]{3,}?['\"’”](?=[\s.,!?;:)]|$)")
# The same without quotes, after a verb of saying and a colon ("hoorde ik hem zeggen aan
# telefoon: ik moet nog betalen, anders..."): a mother's report, not her own situation.
_REPORTED = re.compile(r"\b(?:zei|zegt|zeggen|zeiden|schreef|schrijft|appte|appt|riep|roept|vertelde|vertelt)\b"
                       r"[^:.!?\n]{0,30}:\s*(?P<speech>[^.!?\n]{3,})", re.I)


def load_pipeline(name: str | Path | None = None) -> Language:
    """The spaCy pipeline used for matching.

    `name` may be a package name or a directory saved with `nlp.to_disk`. Without a name,
    `nl_core_news_sm` is used when installed, else a blank Dutch pipeline with the lookup
    lemmatizer (tables from spacy-lookups-data, no download).
    """
    if name is None and spacy.util.is_package("nl_core_news_sm"):
        name = "nl_core_news_sm"
    if name is not None:
        nlp = spacy.load(name, exclude=["ner", "parser", "senter"])
        if "lemmatizer" not in nlp.pipe_names:
            _add_lookup_lemmatizer(nlp)
        return nlp
    nlp = spacy.blank("nl")
    _add_lookup_lemmatizer(nlp)
    return nlp


def _add_lookup_lemmatizer(nlp: Language) -> None:
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.initialize()


def _lemma_table(nlp: Language) -> tuple[dict, frozenset[str]]:
    """(form → lemma lookups, set of known Dutch words) for normalising pattern words."""
    if "lemmatizer" in nlp.pipe_names:
        lookups = nlp.get_pipe("lemmatizer").lookups
        if lookups.has_table("lemma_lookup"):
            table = lookups.get_table("lemma_lookup")
            return table, frozenset(table.values())
    return {}, frozenset()


def _within_one_edit(a: str, b: str) -> bool:
    """Damerau distance ≤ 1: one letter added, dropped, changed, or two letters swapped."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1
                                  and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]])
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    i = next((k for k in range(len(short)) if short[k] != long_[k]), len(short))
    return short[i:] == long_[i + 1:]


# Kinds of engine steps. The patterns only use spaCy's quantifiers ONE and ZERO_ONE ("?"), so
# of the actions of its state machine (`get_action` in spacy/matcher/matcher.pyx) only REJECT,
# MATCH, ADVANCE, RETRY, RETRY_ADVANCE, MATCH_REJECT and MATCH_DOUBLE occur.
_GAP_STEP, _WORD_STEP, _REGEX_STEP = range(3)


#: "lijkt me niet", "denk ik niet", "geloof ik niet": the sentence before is judged false
_JUDGING = frozenset({"lijkt", "lijken", "denk", "denken", "geloof", "geloven", "verwacht", "verwachten"})


class _TokenEngine:
    """spaCy's `Matcher.__call__(doc, with_alignments=True)` for patterns of NORM rules with
    quantifiers ONE and "?", in pure Python over the token norms.

    It is a port of `find_matches` / `transition_states` / `finish_states` / `get_action` of
    spaCy 3.4 (spacy/matcher/matcher.pyx), so it yields the same (key, start, end, alignment)
    tuples in the same order. The one shortcut: a pattern is only started at token i when token
    i can be consumed by one of the pattern's possible first steps (the optional steps up to and
    including the first required one). A state that does not consume its first token never
    yields a match of length > 0, and spaCy drops 0-length matches; states only influence each
    other through their order in the state list, which dropping dead states does not change.
    Likewise a pattern is not started at all when one of its required steps matches no token
    of the text. So the output is the same, at the cost of only the patterns whose words occur.

    A step is (kind, optional, data, is_final): a gap (NORM NOT_IN sentence ends), a word set
    (NORM IN data) or a regex (NORM REGEX data, a compiled pattern, searched like spaCy does).
    An alignment holds for each matched token the index of the step that consumed it: what
    spaCy's conversion of its alignment records comes down to (it keeps, per length, the
    largest step index seen, which is the consuming step).
    """

    _CACHE_MAX = 50000

    def __init__(self) -> None:
        self.keys: list[str] = []
        self.steps: list[tuple[tuple[int, bool, object, bool], ...]] = []
        self._by_word: dict[str, list[int]] = {}
        self._by_prefix: dict[str, list[int]] = {}
        self._prefix_lens: list[int] = []
        self._always: list[int] = []          # patterns whose first steps include a gap
        self._required: list[tuple[tuple[int, object], ...]] = []   # (kind, data) of ONE steps
        self._starts_cache: dict[str, tuple[int, ...]] = {}

    def add(self, key: str, steps: list[tuple[int, bool, object]],
            words: list[set[str]], prefixes: list[set[str]]) -> None:
        """One pattern; `words`/`prefixes` per step feed the anchor index (empty for gaps)."""
        pid = len(self.keys)
        self.keys.append(key)
        self.steps.append(tuple((kind, optional, data, k == len(steps) - 1)
                                for k, (kind, optional, data) in enumerate(steps)))
        self._required.append(tuple((kind, data) for kind, optional, data in steps
                                    if not optional and kind != _GAP_STEP))
        self._starts_cache.clear()
        always = False
        anchors: set[str] = set()
        heads: set[str] = set()
        for (kind, optional, _), ws, ps in zip(steps, words, prefixes):
            if kind == _GAP_STEP:
                always = True
            anchors |= ws
            heads |= ps
            if not optional:
                break
        if always or "" in heads:
            self._always.append(pid)
            return
        for w in anchors:
            self._by_word.setdefault(w, []).append(pid)
        for h in heads:
            self._by_prefix.setdefault(h, []).append(pid)
        self._prefix_lens = sorted({len(h) for h in self._by_prefix})

    def _starts(self, norm: str) -> tuple[int, ...]:
        """Patterns that may consume a token with this norm as their first token (a superset),
        in the order they were added (spaCy pushes new states in pattern order)."""
        found = self._starts_cache.get(norm)
        if found is not None:
            return found
        pids = set(self._always)
        pids.update(self._by_word.get(norm, ()))
        if norm.endswith("\n"):               # regex "word$" also matches "word\n"
            pids.update(self._by_word.get(norm[:-1], ()))
        for n in self._prefix_lens:
            if n > len(norm):
                break
            pids.update(self._by_prefix.get(norm[:n], ()))
        found = tuple(sorted(pids))
        if len(self._starts_cache) >= self._CACHE_MAX:
            self._starts_cache.clear()
        self._starts_cache[norm] = found
        return found

    def _viable(self, pid: int, words: set[str], regex_ok: dict[int, bool]) -> bool:
        """Every required step of the pattern matches some word of the text."""
        for kind, data in self._required[pid]:
            if kind == _WORD_STEP:
                if data.isdisjoint(words):
                    return False
            else:
                ok = regex_ok.get(id(data))
                if ok is None:
                    ok = regex_ok[id(data)] = any(data.search(w) for w in words)
                if not ok:
                    return False
        return True

    def __call__(self, norms: list[str]) -> list[tuple[str, int, int, list[int]]]:
        all_steps = self.steps
        words = set(norms)
        viable: dict[int, bool] = {}
        regex_ok: dict[int, bool] = {}
        starts: list[list[int]] = []
        for norm in norms:
            here = []
            for pid in self._starts(norm):
                ok = viable.get(pid)
                if ok is None:
                    ok = viable[pid] = self._viable(pid, words, regex_ok)
                if ok:
                    here.append(pid)
            starts.append(here)
        regex_cache: dict[tuple[int, int], bool] = {}
        # state: (pattern id, step, start, length, alignment)
        states: list[tuple[int, int, int, int, tuple[int, ...]]] = []
        matches: list[tuple[int, int, int, tuple[int, ...]]] = []
        for i, norm in enumerate(norms):
            for pid in starts[i]:
                states.append((pid, 0, i, 0, ()))
            if not states:
                continue
            not_end = norm not in _SENTENCE_END
            kept: list[tuple[int, int, int, int, tuple[int, ...]]] = []
            new_states: list[tuple[int, int, int, int, tuple[int, ...]]] = []
            for pid, pos, start, n, align in states:
                steps = all_steps[pid]
                while True:
                    kind, optional, data, final = steps[pos]
                    if kind == _GAP_STEP:
                        is_match = not_end
                    elif kind == _WORD_STEP:
                        is_match = norm in data
                    else:
                        ck = (id(data), i)
                        is_match = regex_cache.get(ck)
                        if is_match is None:
                            is_match = regex_cache[ck] = bool(data.search(norm))
                    if not optional:                    # ONE: MATCH, ADVANCE or REJECT
                        if is_match:
                            if final:
                                matches.append((pid, start, n + 1, align + (pos,)))
                            else:
                                kept.append((pid, pos + 1, start, n + 1, align + (pos,)))
                        break
                    if is_match:
                        if final:                       # MATCH_DOUBLE
                            if n > 0:
                                matches.append((pid, start, n, align))
                            matches.append((pid, start, n + 1, align + (pos,)))
                            break
                        # RETRY_ADVANCE: a new state that consumed the token, and retry
                        new_states.append((pid, pos + 1, start, n + 1, align + (pos,)))
                    elif final:                         # MATCH_REJECT
                        matches.append((pid, start, n, align))
                        break
                    pos += 1                            # RETRY with the next step
            kept.extend(new_states)
            states = kept
        # finish_states: states whose remaining steps are all optional match at the end
        for pid, pos, start, n, align in states:
            steps = all_steps[pid]
            while steps[pos][1]:
                if steps[pos][3]:
                    matches.append((pid, start, n, align))
                    break
                pos += 1
        seen: set[tuple[int, int, int]] = set()
        out: list[tuple[str, int, int, list[int]]] = []
        keys = self.keys
        for pid, start, n, align in matches:
            m = (pid, start, start + n)
            if n > 0 and m not in seen:
                seen.add(m)
                out.append((keys[pid], start, start + n, list(align[:n])))
        return out


@dataclass(frozen=True)
class Match:
    signal: SignalDef
    start: int          # token index
    end: int
    start_char: int
    end_char: int


class SignalMatcher:
    """Compiles the lexicon into matcher rules and returns non-negated signal matches."""

    def __init__(self, lexicon: Lexicon, norm: Normalisation, nlp: Language | None = None,
                 never_typo: frozenset[str] = frozenset()):
        self.lexicon = lexicon
        self.norm = norm
        # place names are no typos of lexicon words: "bij gennep" is not "hennep" (w22)
        self._never_typo = never_typo
        self.nlp = nlp if nlp is not None else load_pipeline()
        self._table, self._known = _lemma_table(self.nlp)
        self._vocab_words: set[str] = set()
        self._prefixes: set[str] = set()
        compiled = {sig.id: [self._compile(p, sig) for p in sig.patterns] for sig in lexicon.signals}
        self._delete_index = self._build_delete_index(self._vocab_words)
        # One matcher key per pattern ("signal#k"), so that a hit tells which pattern matched:
        # needed to see whether a negation sits in one of its gaps or is spelled out by it.
        self._engine = _TokenEngine()
        self._specs: list[tuple[str, list[dict]]] = []
        self._spacy_matcher: Matcher | None = None
        self._gaps: dict[str, set[int]] = {}
        self._literal_negation: dict[str, bool] = {}
        for sig in lexicon.signals:
            for k, (spec, gaps, steps) in enumerate(compiled[sig.id]):
                key = f"{sig.id}#{k}"
                self._specs.append((key, spec))
                self._engine.add(key, *steps)
                self._gaps[key] = gaps
                words = re.split(r"[ |?]", sig.patterns[k])
                self._literal_negation[key] = any(self._canon(w) in self.norm.negation_cues for w in words)

    # ------------------------------------------------------------------ normalising words
    def _lemma(self, word: str) -> str:
        return self._table.get(word, word) if self._table else word

    def _canon(self, word: str) -> str:
        word = strip_accents(word.lower()).strip("'\"")
        return self.norm.spelling.get(word, word)

    @property
    def matcher(self) -> Matcher:
        """The same rules as a spaCy `Matcher` (built on first use): the reference for the
        engine that `find` uses."""
        if self._spacy_matcher is None:
            matcher = Matcher(self.nlp.vocab)
            for key, spec in self._specs:
                matcher.add(key, [spec])
            self._spacy_matcher = matcher
        return self._spacy_matcher

    def _compile(self, pattern: str, sig: SignalDef) -> tuple[list[dict], set[int], tuple]:
        """(spaCy Matcher spec, gap positions, engine steps with their words and prefixes)."""
        spec: list[dict] = []
        gaps: set[int] = set()
        steps: list[tuple[int, bool, object]] = []
        step_words: list[set[str]] = []
        step_prefixes: list[set[str]] = []
        for tok in pattern.split():
            if tok == "...":
                for _ in range(GAP):
                    gaps.add(len(spec))
                    spec.append({"NORM": {"NOT_IN": _SENTENCE_END}, "OP": "?"})
                    steps.append((_GAP_STEP, True, None))
                    step_words.append(set())
                    step_prefixes.append(set())
                continue
            optional = tok.endswith("?") and len(tok) > 1
            body = tok[:-1] if optional else tok
            words, prefixes = set(), set()
            for alt in body.split("|"):
                if alt.endswith("*"):
                    prefixes.add(self._canon(alt[:-1]))
                    continue
                canon = self._canon(alt)
                pieces = [t.text for t in self.nlp.tokenizer(canon)]
                if len(pieces) != 1:
                    raise LexiconError(f"lexicon.yml: signal '{sig.id}': pattern word {alt!r} is "
                                       f"split by the tokenizer into {pieces}; use one word per token")
                words.add(canon)
                # Also the lemma ("paspoorten" → "paspoort"), except for diminutives: the lookup
                # table maps "broertje" → "broer", which would make "broer" a child.
                if not _DIMINUTIVE.search(canon):
                    words.add(self._lemma(canon))
            self._vocab_words.update(words)
            self._prefixes.update(prefixes)
            if prefixes:
                alts = sorted(re.escape(w) + "$" for w in words) + sorted(re.escape(p) for p in prefixes)
                entry: dict = {"NORM": {"REGEX": "^(?:" + "|".join(alts) + ")"}}
                steps.append((_REGEX_STEP, optional, re.compile(entry["NORM"]["REGEX"])))
            else:
                entry = {"NORM": {"IN": sorted(words)}}
                steps.append((_WORD_STEP, optional, frozenset(words)))
            step_words.append(set(words))
            step_prefixes.append(set(prefixes))
            if optional:
                entry["OP"] = "?"
            spec.append(entry)
        return spec, gaps, (steps, step_words, step_prefixes)

    @staticmethod
    def _build_delete_index(words: set[str]) -> dict[str, set[str]]:
        # Symmetric-delete index: two words within edit distance 1 (or one transposition)
        # share a key, so lookup is a few dict probes instead of a scan of the vocabulary.
        index: dict[str, set[str]] = {}
        for w in words:
            if len(w) < FUZZY_MIN_LEN - 1:
                continue
            for key in {w} | {w[:i] + w[i + 1:] for i in range(len(w))}:
                index.setdefault(key, set()).add(w)
        return index

    @lru_cache(maxsize=20000)
    def _normalise_word(self, lower: str, lemma: str, may_be_typo: bool = True) -> str:
        word = self._canon(lower)
        lem = self._canon(lemma) if lemma else word
        if word != strip_accents(lower):          # spelling list hit: use its lemma too
            lem = self._lemma(word)
        # A diminutive the lexicon names itself keeps its form: patterns hold no lemma for
        # diminutives (see _compile), so "uurtje" read as "uur" would never match "uurtje".
        if word in self._vocab_words and _DIMINUTIVE.search(word):
            return word
        if lem in self._vocab_words:
            return lem
        if word in self._vocab_words:
            return word
        if (may_be_typo and len(word) >= FUZZY_MIN_LEN and word.isalpha() and word not in self._known
                and word not in self._never_typo
                and self._table.get(word) is None and not any(word.startswith(p) for p in self._prefixes)):
            candidates: set[str] = set()
            for key in {word} | {word[:i] + word[i + 1:] for i in range(len(word))}:
                candidates |= self._delete_index.get(key, set())
            candidates = {c for c in candidates if _within_one_edit(word, c)}
            if len(candidates) == 1:              # ambiguous typo: better no guess
                return candidates.pop()
        return lem

    # ------------------------------------------------------------------ matching
    def make_doc(self, text: str) -> tuple[Doc, list[int]]:
        """Parsed text without quotes, and for each of its characters the original offset."""
        drop = {m.start() for m in _QUOTES.finditer(text)}
        keep = [i for i in range(len(text)) if i not in drop]
        doc = self.nlp("".join(text[i] for i in keep))
        for token in doc:
            token.norm_ = self._normalise_word(token.lower_, token.lemma_.lower() if token.lemma_ else "",
                                               not _looks_like_a_name(doc, token.i))
        return doc, keep

    def _engine_matches(self, doc: Doc) -> list[tuple[str, int, int, list[int]]]:
        """All (pattern key, start, end, alignment) hits, as spaCy's Matcher gives them."""
        return self._engine([t.norm_ for t in doc])

    def _spacy_matches(self, doc: Doc) -> list[tuple[str, int, int, list[int]]]:
        """The same from spaCy's `Matcher` (slow; the reference in tests)."""
        vocab = self.nlp.vocab.strings
        return [(vocab[match_id], start, end, align)
                for match_id, start, end, align in self.matcher(doc, with_alignments=True)]

    def find(self, text: str, *, use_spacy: bool = False) -> tuple[Doc, list[Match]]:
        """Signal matches in `text`. `use_spacy` runs spaCy's `Matcher` instead of the engine
        (same result, ~20x slower): for tests that check the two agree."""
        doc, offsets = self.make_doc(text)
        quoted = [(q.start(), q.end()) for q in _QUOTED.finditer(text)] + [
            (q.start("speech"), q.end("speech")) for q in _REPORTED.finditer(text)]
        raw = self._spacy_matches(doc) if use_spacy else self._engine_matches(doc)
        best: dict[str, list[tuple[int, int]]] = {}
        out: list[Match] = []
        # Shortest match first per signal: optional gap tokens create several spans per hit.
        for key, start, end, align in sorted(raw, key=lambda m: (m[1], m[2] - m[1])):
            sid = key.split("#", 1)[0]
            taken = best.setdefault(sid, [])
            if any(s < end and start < e for s, e in taken):
                continue
            if self._negated(doc, key, start, end, align):
                continue
            if self.lexicon.by_id[sid].about_others and self._said_of_self(doc, start):
                continue
            if "self_report" in self.lexicon.by_id[sid].tags and any(
                    a <= offsets[doc[start].idx] < b for a, b in quoted):
                continue
            taken.append((start, end))
            span = doc[start:end]
            out.append(Match(self.lexicon.by_id[sid], start, end, offsets[span.start_char],
                             offsets[span.end_char - 1] + 1))
        # A counter-signal wins over a signal on the same words: "heb mijn paspoort zelf" is
        # freedom, not "someone holds the passport".
        counters = [(m.start, m.end) for m in out if m.signal.is_counter]
        out = [m for m in out if m.signal.is_counter
               or not any(s < m.end and m.start < e for s, e in counters)]
        return doc, out

    def _is_break(self, token) -> bool:
        return token.is_punct or token.norm_ in self.norm.clause_breaks

    def _said_of_self(self, doc: Doc, start: int) -> bool:
        """The nearest person before the match in its clause is the reporter ("ik ben zo bang"),
        not someone else ("ik denk dat ze bang is")."""
        for i in range(start - 1, max(-1, start - 1 - self.norm.window_before), -1):
            tok = doc[i]
            if self._is_break(tok):
                return False
            if tok.norm_ in self.norm.third_person:
                return False
            if tok.norm_ in self.norm.first_person:
                return True
        return False

    def _negated(self, doc: Doc, key: str, start: int, end: int, align: list[int]) -> bool:
        cues = self.norm.negation_cues
        signal = self.lexicon.by_id[key.split("#", 1)[0]]
        if not signal.negatable:
            return False
        # A cue in a gap negates: "mag ... stoppen" must not fire on "mag niet stoppen".
        for offset, pattern_pos in enumerate(align):
            if pattern_pos in self._gaps[key] and doc[start + offset].norm_ in cues:
                return True
        if self._literal_negation[key]:
            return False                             # "mag niet weg": the cue is the signal
        i = start - 1
        while i >= 0 and start - i <= self.norm.window_before:
            tok = doc[i]
            if self._is_break(tok):
                break
            if tok.norm_ in cues:
                # "wil niet meer dealen" says it happened until now: evidence of the form, but
                # not of danger now ("niet meer opgesloten")
                return not (i + 1 < start and doc[i + 1].norm_ == "meer" and not signal.acute)
            i -= 1
        for j in range(end, min(len(doc), end + self.norm.window_after)):
            tok = doc[j]
            if self._is_break(tok):
                break
            if tok.norm_ in self.norm.after_cues:
                return True
        return self._judged_not(doc, end)

    def _judged_not(self, doc: Doc, end: int) -> bool:
        """A sentence that ends by judging it false: "vrij gaan en staan lijkt me niet", "dat ze
        het vrijwillig doet, geloof ik niet" (up to the end of the sentence or "maar")."""
        for j in range(end, min(len(doc), end + 10)):
            tok = doc[j]
            if tok.is_punct and tok.text in ".!?;" or tok.norm_ == "maar":
                return False
            if tok.norm_ in _JUDGING and any(doc[k].norm_ == "niet" for k in range(j + 1, min(len(doc), j + 4))):
                return True
        return False
