"""Costly intents keep their meaning only with words that belong to them."""
from pathlib import Path

import pytest
import yaml

from bot.intake.intent_evidence import GATED_INTENTS, has_evidence

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.parametrize("intent, text", [
    # answers to intake questions that the NLU once read as one of these intents
    ("followup", "sinds de zomer"),
    ("correct", "vorige week"),
    ("dont_know", "ze krijgen bijna geen geld"),
    ("stop", "greenhouse"),
    ("ask_status", "ze werken daar al maanden, elke dag"),
    ("followup", "in een kas bij Naaldwijk"),
    ("stop", "drie vrouwen en een man"),
    # "laat maar" drops a remark when more follows (persona run, stop 28)
    ("stop", "dat vroeg ik niet maar laat maar. Ja, dit klopt"),
    # a question about one's report is no request to delete it (stop 29)
    ("delete_report", "wie ziet mijn melding?"),
])
def test_an_answer_without_the_intents_words_loses_that_intent(intent, text):
    assert not has_evidence(intent, text)


@pytest.mark.parametrize("intent, text", [
    ("followup", "mijn code is K7QH-2MXD-9RW4"),
    ("followup", "ik wil mijn melding aanvullen"),
    ("stop", "stop"),
    ("stop", "ik wil hier niet mee doorgaan"),
    ("stop", "ik stop ermee 🛑"),
    ("stop", "laat maar"),
    ("stop", "ach laat maar, ik wil stoppen"),
    ("dont_know", "geen idee"),
    ("dont_know", "🤷‍♀️"),
    ("dont_know", "??"),
    ("correct", "niet amersfoort maar leusden"),
    ("correct", "het waren er vier, niet drie"),
    ("ask_status", "is mijn melding verstuurd?"),
    ("stop", "/stop"),
    ("greet", "greenhouse"),   # intents without a gate are never touched
])
def test_requests_in_their_own_words_keep_their_intent(intent, text):
    assert has_evidence(intent, text)


def _examples(path: Path):
    for block in yaml.safe_load(path.read_text(encoding="utf-8")).get("nlu", []):
        for line in (block.get("examples") or "").splitlines():
            if line.strip().startswith("- "):
                yield block.get("intent"), line.strip()[2:]


def test_every_training_example_of_a_gated_intent_has_its_words():
    """The gate must not refuse what the NLU was taught: a new example without the words
    would be learnt and then thrown away at run time."""
    refused = [(intent, text) for path in sorted((ROOT / "data" / "nlu").glob("*.yml"))
               for intent, text in _examples(path) if intent in GATED_INTENTS and not has_evidence(intent, text)]
    assert refused == []


@pytest.mark.parametrize("text, intent", [
    ("verwijder melding HPV8-7587-6WR5", "delete_report"),
    ("Stoppen, niets bewaren", "stop"),        # a stop button's title typed at another question
    ("ik wil stoppen", "stop"),
    ("Nu wissen", None),                       # answers the stop itself; its rules decide
    ("stop?", None),                           # a question about stopping is no clear stop
    ("ik stop met werken daar", None),
])
def test_words_that_decide_the_intent_on_their_own(text, intent):
    from bot.intake.intent_evidence import certain_intent

    assert certain_intent(text) == intent


@pytest.mark.parametrize("text, confidence, dropped", [
    # stop 29: read as `faq` with a guessed answer by a model with many more FAQ examples
    ("ja heb gebeld", 0.08, True),
    ("hou op met vragen", 0.33, True),
    ("In een bedrijfspand lagen 14 matrassen in de kantine.", 0.45, True),
    # a question, or an answer the selector is sure of, stays a question
    ("waarom haal je het kenteken weg", 0.36, False),
    ("mag ik camerabeelden aan de politie geven?", 0.2, False),
    ("uitleg over loverboys", 0.83, False),
    ("/faq", 0.0, False),
])
def test_an_unsure_faq_reading_of_a_statement_is_no_question(text, confidence, dropped):
    from bot.intake.intent_evidence import faq_without_question

    assert faq_without_question(text, confidence) is dropped


def test_a_doubt_without_a_question_mark_stays_a_question():
    """"ik weet niet of ik hier goed zit" asks; the e2e test of stop 27 kept its gemeente that way."""
    from bot.intake.intent_evidence import faq_without_question

    assert not faq_without_question("goedendag, ik weet niet of ik hier goed zit hoor, het regent in Emmen", 0.2)
