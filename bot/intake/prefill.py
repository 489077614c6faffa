"""What a story already says, so the intake never asks it again (issue 13): the gemeente, the
kind of place, who and how many, since when or how often, and who is writing.

Only what the story says plainly is taken: one kind of place (not two), a number or age with
a word for people, a time phrase, a self-description ("ik ben toezichthouder"). The user is
told what was taken and can correct it at the summary.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from bot.guidance.professional import Guidance, self_description
from bot.intake.answers import AnswerReader, _has_keyword
from bot.textnorm import fold
from bot.vocab import BURGER, GEMEENTE_MEDEWERKER, PROFESSIONAL

#: Place words too vague to decide the kind of place from a story ("uit een ander land",
#: "ze sturen een app", "buiten spelen"); they still count as an answer to the place question.
_VAGUE_PLACE_WORDS = frozenset({"land", "buiten", "app", "chat", "erf", "instelling", "opvang", "oogst", "teelt",
                                "kamer", "werk", "veld",
                                # who or where-abouts, not the kind of place: "mijn buurman zei",
                                # "bij ons in de straat" (a house, a shop or the street itself)
                                "buren", "buurman", "buurvrouw", "straat"})
_PEOPLE_WORDS = (r"(?:mannen|man|vrouwen|vrouw|mensen|personen|meisjes|meisje|jongens|jongen|kinderen|kind|"
                 r"jongeren|tieners|tiener|arbeiders|werknemers|medewerkers|migranten|arbeidsmigranten|werkers|"
                 r"buitenlanders|bewoners|dames|meiden|gasten|studenten|seizoenarbeiders|seizoenwerkers|"
                 r"chauffeurs|schoonmakers|schoonmaaksters|pluksters|plukkers"
                 r"|(?-i:[A-Z][a-zà-ÿ]+(?:en|ers)))")  # "12 Polen", "6 Oekraïners", "3 Bulgaren"
_AGE = r"(?:\s+van\s+(?:ongeveer\s+|rond\s+de\s+|een\s+jaar\s+of\s+|pas\s+|nog\s+geen\s+)?\d{1,2}(?:\s+jaar)?)?"
_TIME_NOUN = (r"(?:dagen|dag|weken|week|maanden|maand|jaren|jaar|nachten|nacht|avonden|avond|keer|weekenden"
              r"|tijdje|tijd|zomer|winter|lente|herfst|kerst|pasen|januari|februari|maart|april|mei|juni|juli"
              r"|augustus|september|oktober|november|december|maandag|dinsdag|woensdag|donderdag|vrijdag"
              r"|zaterdag|zondag|\d{4})")
_FREQUENCY = re.compile(
    r"\b(?:al\s+(?:een\s+)?(?:paar\s+|twee\s+|drie\s+|vier\s+|vijf\s+|\d+\s+|enkele\s+|maanden\s+|jaren\s+)?"
    r"(?:dagen|weken|maanden|jaren|jaar|maand|week|nachten|avonden|weekenden|tijdje|tijd|lang|een\s+tijd)"
    # "sinds een paar maanden", "sinds vorig jaar", "sinds de zomer", "sinds 2024": up to the time word
    r"|sinds\s+(?:[\w-]+\s+){0,3}?" + _TIME_NOUN +
    r"|(?:twee|drie|vier|vijf|\d+)\s+(?:nachten|avonden|dagen|weken)\s+(?:achter\s+elkaar|lang)"
    r"|(?:elke|iedere|ieder|elk)\s+(?:dag|week|nacht|ochtend|avond|middag|maand|weekend|keer|zaterdag|zondag"
    r"|maandag|dinsdag|woensdag|donderdag|vrijdag)"
    r"|(?:vanochtend|vanmorgen|vanmiddag|vanavond|vannacht|gisteren|gisteravond|gisternacht|eergisteren|vandaag"
    r"|net\s+nog|zojuist|vorige\s+week|vorige\s+maand|afgelopen\s+(?:week|weekend|maand|nacht|zomer|winter))"
    r"|\d+\s*(?:keer|x)\s+per\s+(?:dag|week|maand))\b", re.I)


@dataclass(frozen=True)
class StoryFacts:
    gemeente: str | None = None
    place_type: str | None = None
    people: str | None = None
    frequency: str | None = None
    role: str | None = None        # burger / professional / gemeente_medewerker
    job: str | None = None         # how the role is named back ("toezichthouder of boa")


def place_type_of(text: str, answers: AnswerReader) -> str | None:
    """The one kind of place a story names with a clear word; None for none or several."""
    key = fold(text)
    hits = set()
    for category, words in answers.vocabulary.place_types.items():
        clear = [w for w in words if fold(w) not in _VAGUE_PLACE_WORDS]
        if _has_keyword(key, clear):
            hits.add(category)
    return hits.pop() if len(hits) == 1 else None


def people_of(text: str, answers: AnswerReader) -> str | None:
    """"drie vrouwen", "14 Roemeense mannen", "een meisje van ongeveer 16": as written."""
    found: list[str] = []
    pattern = _people_pattern(tuple(answers.vocabulary.number_words))
    for m in list(pattern.finditer(text)) + list(_PERSON_AGE.finditer(text)):
        phrase = " ".join(m.group(0).split())
        if not any(phrase.lower() in f.lower() or f.lower() in phrase.lower() for f in found):
            found.append(phrase)
    return "; ".join(found[:3]) or None


@lru_cache(maxsize=4)
def _people_pattern(number_words: tuple[str, ...]) -> re.Pattern:
    """Compiled once per vocabulary, not for every story."""
    numbers = sorted((w for w in number_words if w not in {"een", "één"}), key=len, reverse=True)
    count = r"(?:\d+|" + "|".join(re.escape(w) for w in numbers) + r"|een\s+paar|een\s+groep)"
    return re.compile(r"\b(?:" + count + r"(?:\s+(?:of|tot|a|à|-)\s+" + count + r")?\s+(?:[\w-]+\s+){0,2}?"
                      + _PEOPLE_WORDS + _AGE + r"|(?:een|1)\s+(?:jong\s+|jonge\s+)?(?:meisje|jongen|vrouw|man|kind"
                      r"|tiener|jongere)\s+van\s+(?:ongeveer\s+|rond\s+de\s+|een\s+jaar\s+of\s+|pas\s+)?"
                      r"\d{1,2}(?:\s+jaar)?)\b", re.I)


# "mijn dochter is 16", "de man is een jaar of 50", "een vriend van 24"
_PERSON_AGE = re.compile(
    r"\b(?:mijn|onze|haar|zijn|hun|de|een|die|het)\s+(?:dochter|zoon|nichtje|neefje|kleindochter|kleinzoon|man|vrouw"
    r"|meisje|jongen|vriend|vriendje|vriendin|vriendinnetje|buurjongen|buurmeisje|leerling|cliënt|client|kind)"
    r"\s+(?:is|van|was)\s+(?:een\s+jaar\s+of\s+|ongeveer\s+|rond\s+de\s+|pas\s+|nog\s+maar\s+|bijna\s+)?"
    r"\d{1,2}(?:\s+jaar)?\b"
    # "een vriend van 21 en zij is 15": an age said of "zij" or "hij" (persona run, stop 27)
    r"|\b(?:zij|ze|hij)\s+is\s+(?:pas\s+|nog\s+maar\s+|bijna\s+|net\s+)?\d{1,2}(?:\s+jaar)?\b(?!\s*(?:uur|euro|keer|x))"
    # "meisjes van 15", "jongens van rond de 16": people and an age, no count
    r"|\b(?:meisjes|jongens|vrouwen|mannen|kinderen|jongeren|tieners)\s+van\s+(?:ongeveer\s+|rond\s+de\s+"
    r"|een\s+jaar\s+of\s+|pas\s+)?\d{1,2}(?:\s+(?:jaar|en\s+\d{1,2}))?\b(?!\s*(?:uur|euro|tot\s+\d))", re.I)


def frequency_of(text: str) -> str | None:
    """Since when (and how often): "al maanden", "sinds vorige week, elke nacht". Only how often
    ("elke avond") answers half the question "Sinds wanneer? En hoe vaak?": then it is asked."""
    found = []
    for m in _FREQUENCY.finditer(text):
        phrase = " ".join(m.group(0).split())
        if phrase.lower() not in (f.lower() for f in found):
            found.append(phrase)
    if not any(not _HOW_OFTEN.match(f) for f in found):
        return None
    return ", ".join(found[:3]) or None


_HOW_OFTEN = re.compile(r"(?:elke|iedere|ieder|elk)\s|\d+\s*(?:keer|x)\s+per\s", re.I)


def role_of(text: str, answers: AnswerReader, guidance: Guidance) -> tuple[str | None, str | None]:
    """(reporter role, job label) from where the writer says who they are; never 'slachtoffer'
    (the classifier recognises people writing about themselves and helps them first)."""
    about_self = self_description(text)
    if not about_self:
        return None, None
    role = guidance.role_in(about_self)
    if role is not None:
        return (GEMEENTE_MEDEWERKER if role.municipal else PROFESSIONAL), role.label
    if answers.has_role_word(about_self):
        name, job = answers.role(about_self)
        if name in (BURGER, PROFESSIONAL, GEMEENTE_MEDEWERKER):
            return name, job
    return None, None


def read_story(text: str, answers: AnswerReader, guidance: Guidance) -> StoryFacts:
    role, job = role_of(text, answers, guidance)
    return StoryFacts(gemeente=answers.gemeenten.mentioned(text), place_type=place_type_of(text, answers),
                      people=people_of(text, answers), frequency=frequency_of(text), role=role, job=job)


_WHERE_QUESTION = re.compile(
    r"\b(?:bij\s+wie\s+(?:moet|kan|kun)\s+ik|waar\s+(?:moet|kan|kun)\s+ik\s+(?:dit|het|hiermee|mee|heen|terecht)"
    r"|waar\s+meld\s+ik|naar\s+wie\s+(?:moet|kan)\s+ik|wie\s+moet\s+ik\s+(?:bellen|inschakelen|informeren)"
    r"|waar\s+(?:moet|kan)\s+dit\s+(?:heen|naartoe)|aan\s+wie\s+(?:moet|kan)\s+ik)", re.I)


def asks_where_to_report(text: str | None) -> bool:
    """A story that also asks where to go with it ("... Bij wie moet ik zijn?")."""
    return bool(_WHERE_QUESTION.search(text or ""))
