"""The intake form: which answer fills which slot, and what the assessment adds."""
from __future__ import annotations

import asyncio
import re
import logging
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import (CORRECTED_PART, called_112_before, new_report_events, undo_instead, DONT_KNOW_BUTTON, choice_buttons, facts_from_story, latest,
                            respond, say, say_varied, services, stop_check, welcome_if_new)
from bot.intake.contract import Action as ActionName
from bot.intake.contract import ACUTE_INTENT_CONFIDENCE, FAQ_CONFIDENCE, Intent, Phase, Response, Slot
from bot.intake.turns import INTERRUPTING_INTENTS, addition_beside_code, asks_why, called_emergency, code_in, denies_danger, is_closed, is_interruption, looks_like_question, only_goes_on, split_question, wants_to_ask
from bot.intake.answers import check_free_text
from bot.textnorm import fold, word_count
from actions.questions import MIXED_FAQ_CONFIDENCE, answer_or, selected_answer
from bot.intake.prefill import asks_where_to_report
from bot.vocab import GEMEENTE_MEDEWERKER, PROFESSIONAL, SLACHTOFFER, UNKNOWN

log = logging.getLogger(__name__)


async def assessment_events(text: str, tracker: Tracker,
                            dispatcher: CollectingDispatcher | None = None) -> list[EventType]:
    """Slots from classifying the description; off the event loop (CPU work). Someone who
    speaks about themself gets help for victims first, once."""
    try:
        result = await asyncio.to_thread(
            services().classifier.classify, text, tracker.get_slot(Slot.REPORTER_ROLE),
            tracker.get_slot(Slot.GEMEENTE))
    except Exception:  # the intake must go on even if the classifier fails
        log.exception("classification failed")
        return []
    events: list[EventType] = [
        SlotSet(Slot.POSSIBLE_FORM, result.form),
        SlotSet(Slot.SIGNAL_IDS, [s.id for s in result.signals]),
    ]
    if result.minor:
        events.append(SlotSet(Slot.MINOR, True))
    if result.acute:
        events.append(SlotSet(Slot.ACUTE, True))
    if dispatcher is not None and "self_report" in result.context and not tracker.get_slot(Slot.VICTIM_HELPED):
        respond(dispatcher, Response.VICTIM_HELP)
        events.append(SlotSet(Slot.VICTIM_HELPED, True))
    return events


async def detect_acute(text: str, intent: str | None, confidence: float = 1.0) -> bool:
    """The classifier's acute signals decide; a very confident acute intent also counts."""
    if intent == Intent.ACUTE_DANGER and confidence >= ACUTE_INTENT_CONFIDENCE:
        return True
    if not text:
        return False
    try:
        result = await asyncio.to_thread(services().classifier.classify, text)
        return result.acute
    except Exception:
        log.exception("acute check failed")
        return False


#: questions with a short, closed answer: a long sentence there is more of the story
_CLOSED_ANSWER_SLOTS = {Slot.GEMEENTE, Slot.PLACE_TYPE, Slot.REPORTER_ROLE}


def more_story(slot: str, text: str) -> str | None:
    """The part of an answer to a closed question that tells more of the story, or None.
    A question in it ("plek? ik weet niet wat u bedoelt... het gaat over mijn kleinzoon, hij
    is 14 ...") is left out, the rest still counts."""
    said, _ = split_question(text)
    return said if slot in _CLOSED_ANSWER_SLOTS and word_count(said) >= 6 else None



# "al een paar maanden. wat gebeurt er na mijn melding?": an answer, then a common question
# (the NLU may read the question about "mijn melding" as a status question).
_MIXED_QUESTION_INTENTS = frozenset({Intent.FAQ, Intent.ASK_STATUS})

class ValidateIntakeForm(FormValidationAction):
    def name(self) -> str:
        return "validate_intake_form"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        slot = tracker.get_slot(Slot.REQUESTED)
        if not slot:
            return []
        text, intent, confidence = latest(tracker)
        first: list[EventType] = []
        if tracker.get_slot(Slot.ACUTE) and denies_danger(text):
            # "er is geen direct gevaar hoor" after a 112 alert: the report must not say there is
            say(dispatcher, "danger_denied")
            first.append(SlotSet(Slot.ACUTE, False))
            if word_count(text) <= 8 or (is_closed(slot) and not services().answers.interpret(slot, text).recognised):
                return first + [SlotSet(slot, None)]  # only the denial: the question again
        language = services().languages.detect(text) if word_count(text) >= 4 else None
        if language is not None:
            # a story in English (persona run): the help in that language, and the words are
            # kept with what was seen, not taken as the answer to a Dutch question
            dispatcher.utter_message(text=language.text)
            say(dispatcher, "foreign_text_kept")
            earlier = tracker.get_slot(Slot.DESCRIPTION) or ""
            kept = SlotSet(Slot.DESCRIPTION, f"{earlier}\n{text}".strip())
            return first + [kept] + ([] if slot == Slot.DESCRIPTION else [SlotSet(slot, None)])
        if slot not in (Slot.DESCRIPTION, Slot.CONCERNS) and asks_why(text):
            # "waarom is de gemeente nodig?": say why, then the question again (not at the open
            # questions, where "waarom is het zo dat ..." tells the story)
            say(dispatcher, f"why_{slot}")
            return first + [SlotSet(slot, None)]
        if wants_to_ask(text):
            say(dispatcher, "ask_your_question")  # "ik heb een vraag": not an answer to this one
            return first + [SlotSet(slot, None)]
        said, asked = split_question(text)
        # a question inside an answer, or one the NLU did not read as any question of ours
        # (those have their own answer: victim help, where to report, ...)
        if asked and ((said and intent in _MIXED_QUESTION_INTENTS) or intent not in INTERRUPTING_INTENTS):
            _, answer = selected_answer(tracker.latest_message or {}, MIXED_FAQ_CONFIDENCE)
            if answer:  # "vandaag. wat gebeurt er na mijn melding?": answer it, keep the rest
                dispatcher.utter_message(text=answer)
                if not said or check_free_text(said).problem:
                    # "krijgt ze nu problemen?? 😭": the emoji is no answer, and no "geen woorden"
                    return first + [SlotSet(slot, None)]
                text, intent, confidence = said, None, 0.0
        result = services().answers.interpret(slot, text, intent)
        if is_interruption(slot, text, intent, confidence, result.recognised):
            return first  # the form rejects; a rule answers, then the form asks again
        if only_goes_on(text) and not result.recognised:
            return [SlotSet(slot, None)]  # "verder met mijn melding" answers nothing: ask again
        stop = stop_check(dispatcher, tracker, slot, result.recognised)
        if stop is not None:
            return stop
        field, value = services().answers.correction(text)
        if value and field != slot and tracker.get_slot(field):
            # "niet Amersfoort maar Leusden" at another question: correct that answer, ask this one again
            say(dispatcher, "corrected", part=CORRECTED_PART[field],
                value=services().answers.place_type_label(value) if field == Slot.PLACE_TYPE else value)
            return [SlotSet(field, value), SlotSet(slot, None)]
        events: list[EventType] = first + ([SlotSet(Slot.STOP_ASKED, False)] if tracker.get_slot(Slot.STOP_ASKED) else [])
        acute_said = False
        called = bool(tracker.get_slot(Slot.ACUTE)) and called_emergency(text)
        if called:
            say(dispatcher, "called_112_ack")  # "ik heb 112 gebeld": not the whole alert again
        if not first and not (called or called_112_before(tracker)) and await detect_acute(text, intent, confidence):
            respond(dispatcher, Response.ACUTE_112)
            events.append(SlotSet(Slot.ACUTE, True))
            acute_said = True
            if slot not in {Slot.DESCRIPTION, Slot.CONCERNS}:
                # Never lose what was said; and "zaandam. maar het is nu echt erg" still answers
                # the gemeente question (persona run: it was asked three times)
                earlier = tracker.get_slot(Slot.DESCRIPTION) or ""
                events.append(SlotSet(Slot.DESCRIPTION, f"{earlier}\n{text}".strip()))
                if result.recognised and result.slots.get(slot):
                    return events + [SlotSet(k, v) for k, v in result.slots.items() if k != Slot.DESCRIPTION]
                return events + [SlotSet(slot, None)]
        story = more_story(slot, text)
        if story:
            # persona run: a story told in short messages in a row. A long answer to a closed
            # question also goes with what was seen ("ze moet dit weekend met een vriend van hem
            # naar een hotel" is a place and more); one that answers nothing ("ze heeft een
            # vriend van 24 die haar dure dingen geeft" as the gemeente) gets the question again.
            earlier = tracker.get_slot(Slot.DESCRIPTION) or ""
            events.append(SlotSet(Slot.DESCRIPTION, f"{earlier}\n{story}".strip()))
            if not result.recognised:
                say(dispatcher, "story_added_ask_again")
                return events + [SlotSet(slot, None)]
        if result.choices:
            say(dispatcher, result.response, buttons=choice_buttons(result.choices))
        elif result.response and not (acute_said and result.response == "noted_unknown"):
            say_varied(dispatcher, tracker, result.response)
        if slot != Slot.PEOPLE and result.slots.get(Slot.PEOPLE) and tracker.get_slot(Slot.PEOPLE):
            # a number said later is added to who the story named ("meisjes van 15; een stuk of vier")
            result.slots[Slot.PEOPLE] = f"{tracker.get_slot(Slot.PEOPLE)}; {result.slots[Slot.PEOPLE]}"
        events += [SlotSet(k, v) for k, v in result.slots.items()]
        if slot == Slot.DESCRIPTION and result.slots.get(Slot.DESCRIPTION):
            events += facts_from_story(dispatcher, tracker, text)
            events += await assessment_events(result.slots[Slot.DESCRIPTION], tracker, dispatcher)
        if (slot == Slot.REPORTER_ROLE and result.slots.get(Slot.REPORTER_ROLE) == SLACHTOFFER
                and not tracker.get_slot(Slot.VICTIM_HELPED)):
            respond(dispatcher, Response.VICTIM_HELP)
            events.append(SlotSet(Slot.VICTIM_HELPED, True))
        return events


class ActionCaptureDescription(Action):
    """A first message that already tells the story: keep it as the description."""

    def name(self) -> str:
        return "action_capture_description"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        undo = undo_instead(tracker)
        if undo:
            return undo
        text, intent, _ = latest(tracker)
        addition = await _addition_with_code(tracker, text)
        if addition is not None:
            return addition
        said, asked = split_question(text)
        if tracker.get_slot(Slot.PHASE) == Phase.DONE and asked and word_count(said) <= 3:
            # "Dank. Moet ik dit nu ook bij Veilig Thuis melden?": a question about the report
            # just made, not a new one
            answer_or(dispatcher, tracker, FAQ_CONFIDENCE, "question_after_report")
            return [FollowupAction(ActionName.LISTEN)]
        if asked and not tracker.get_slot(Slot.DESCRIPTION) and not tracker.get_slot(Slot.PHASE) \
                and not _tells_something(said):
            # "Ja klopt. Wijkteam is hier een stichting. Geldt de meldcode dan voor mij?": a question,
            # not the story; answered, and nothing is noted as "wat je zag"
            answer_or(dispatcher, tracker, MIXED_FAQ_CONFIDENCE, "question_unknown")
            say(dispatcher, "what_now")
            return [FollowupAction(ActionName.LISTEN)]
        result = services().answers.interpret(Slot.DESCRIPTION, text, intent)
        description = result.slots.get(Slot.DESCRIPTION)
        if not description:
            return []
        events: list[EventType] = []
        if tracker.get_slot(Slot.PHASE) == Phase.DONE:
            events += new_report_events()  # a new story after a finished report: start from nothing
        else:
            earlier = tracker.get_slot(Slot.DESCRIPTION)  # e.g. what was said with the danger
            if earlier and description not in earlier:
                description = f"{earlier}\n{description}"
        events.append(SlotSet(Slot.DESCRIPTION, description))
        if await detect_acute(text, intent):  # 112 before anything else is said
            respond(dispatcher, Response.ACUTE_112)
            events.append(SlotSet(Slot.ACUTE, True))
        events += welcome_if_new(dispatcher, tracker)  # then who we are, before what we understood
        language = services().languages.detect(text) if word_count(text) >= 4 else None
        if language is not None:  # a story in English: kept, and the help in that language
            dispatcher.utter_message(text=language.text)
        facts = facts_from_story(dispatcher, tracker, text)  # never ask what was already said
        events += facts
        if asks_where_to_report(text):  # "... Bij wie moet ik zijn?": answer it, the intake goes on
            events += where_to_report_in_story(dispatcher, tracker, facts)
        elif asked:  # "... Moet ik bewijs hebben?": a common question inside the story is answered too
            _, answer = selected_answer(tracker.latest_message or {}, MIXED_FAQ_CONFIDENCE)
            if answer:
                dispatcher.utter_message(text=answer)
        return events + await assessment_events(description, tracker, dispatcher)


async def _addition_with_code(tracker: Tracker, text: str) -> list[EventType] | None:
    """"Ik wil mijn melding aanvullen met code 0KJT-4ZXC-DKFN. Aanvulling: ..." read as a story:
    an addition to that kept report, not a new report (persona run, stop 28). The words beside
    the code are the addition when they tell something; else the follow-up form asks for it."""
    if not code_in(text):
        return None
    reference = await asyncio.to_thread(services().reports.known_reference, text)
    if reference is None:
        return None
    events: list[EventType] = [SlotSet(Slot.FOLLOWUP_CODE, reference)]
    rest = addition_beside_code(text)
    if rest:
        events.append(SlotSet(Slot.FOLLOWUP_TEXT, rest))
    return events + [FollowupAction("followup_form")]


#: a reply to what was just said ("Ja klopt.", "Oké, duidelijk."), not the start of a story
_ACKNOWLEDGES = re.compile(r"^\W*(?:ja|nee|klopt|ok|oke|oké|prima|goed|top|duidelijk|dank|bedankt|thanks)\b", re.I)

#: beside a question, fewer words than this say too little to be the story by themselves
_STORY_WORDS = 16


def _tells_something(said: str) -> bool:
    """The words beside a question tell a situation: long enough, or naming people, ages or a
    signal ("mijn buurmeisje van 15 moet 's nachts werken."), not only "Ja klopt." or a remark."""
    if word_count(said) >= _STORY_WORDS:
        return True
    if word_count(said) < 3:
        return False
    if not _ACKNOWLEDGES.match(said):
        return True  # "Ik zie iets raars bij de buren. Is dat mensenhandel?" opens a story
    s = services()
    people = s.answers.parse_people(said)
    return bool(people.count or people.ages or s.classifier.classify(said).signals)


#: a greeting and a doubt whether to report at all ("hoi ik weet niet of dit hier moet")
_DOUBT_OPENER = re.compile(r"^\W*(?:(?:hallo|hoi|hey|hee|hi|goedemorgen|goedemiddag|goedenavond|dag)\W+)?"
                           r"(?:ik\s+weet\s+(?:eigenlijk\s+|echt\s+)?(?:nie|niet)\s+(?:zo\s+goed\s+|goed\s+)?"
                           r"(?:of|wat|hoe|waar)|ik\s+twijfel)\b")


def doubts_to_report(text: str) -> bool:
    """A greeting and a doubt whether this belongs here, and nothing told yet."""
    return bool(_DOUBT_OPENER.match(fold(text))) and word_count(text) < _STORY_WORDS


async def story_instead(dispatcher: CollectingDispatcher, tracker: Tracker,
                        domain: DomainDict) -> list[EventType] | None:
    """A first message that tells something (8 words or more, no question) but that the NLU
    could not place ("boa westland. 14 arbeiders aangetroffen in loods bij controle. wil
    melden"): kept as the story and the intake starts, instead of "begrijp ik niet". None
    when the message is no such story."""
    text = latest(tracker)[0]
    if tracker.get_slot(Slot.DESCRIPTION) or tracker.get_slot(Slot.PHASE) or "?" in text \
            or looks_like_question(text):
        return None
    # shorter when it names people by number or age ("mijn dochter lotte ze is 15") or a
    # gemeente ("controle shoarmazaak arnhem vm"): persona runs of a mother and a boa
    answers = services().answers
    people = answers.parse_people(text)
    if doubts_to_report(text) and not (
            people.count or people.ages or services().classifier.classify(text).signals):
        return None  # "hallo ik weet niet of dit iets is hoor": doubt, not yet the story (persona run)
    if word_count(text) < 8 and not (
            (word_count(text) >= 4 and (people.count or people.ages))
            or (word_count(text) >= 3 and answers.gemeenten.mentioned(text))):
        return None
    events = await ActionCaptureDescription().run(dispatcher, tracker, domain)
    if not any(e.get("name") == Slot.DESCRIPTION for e in events if e.get("event") == "slot"):
        return None
    say(dispatcher, "start_report_short")
    return events + [FollowupAction("intake_form")]


class AskAction(Action):
    """Ask the question for one slot (texts in content/messages.yml: ask_<slot>)."""

    slot = ""

    def name(self) -> str:
        return f"action_ask_{self.slot}"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        say(dispatcher, f"ask_{self.slot}")
        return []


def _ask(slot: str) -> type[AskAction]:
    return type(f"AskAction_{slot}", (AskAction,), {"slot": slot})


AskDescription = _ask("description")
AskGemeente = _ask("gemeente")
AskPlaceType = _ask("place_type")
AskPeople = _ask("people")
AskFrequency = _ask("frequency")
AskReporterRole = _ask("reporter_role")
AskCorrectionField = _ask("correction_field")
AskFollowupCode = _ask("followup_code")
AskFollowupText = _ask("followup_text")


class AskConcerns(AskAction):
    """Ask what worries the user, aimed at what the description does not say yet."""

    slot = "concerns"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        question = None
        description = tracker.get_slot(Slot.DESCRIPTION)
        if description:
            try:
                people = tracker.get_slot(Slot.PEOPLE)
                question = await asyncio.to_thread(_followup_question, description, people)
            except Exception:
                log.exception("follow-up question failed")
        if question:
            dispatcher.utter_message(text=question, buttons=[DONT_KNOW_BUTTON])
        else:
            say(dispatcher, "ask_concerns")
        return []


def where_to_report_in_story(dispatcher: CollectingDispatcher, tracker: Tracker,
                             facts: list[EventType]) -> list[EventType]:
    """A story that asks where to report: a professional hears the municipal route and the
    duties of their role now; anyone else hears that the routes follow the summary."""
    from bot.guidance.professional import professional_answer

    slots = {e["name"]: e["value"] for e in facts if e.get("event") == "slot"}
    role = slots.get(Slot.REPORTER_ROLE) or tracker.get_slot(Slot.REPORTER_ROLE)
    if role not in (PROFESSIONAL, GEMEENTE_MEDEWERKER):
        say(dispatcher, "where_after_summary")
        return []
    svc = services()
    known = svc.guidance.role_in(slots.get(Slot.PROFESSIONAL_ROLE) or tracker.get_slot(Slot.PROFESSIONAL_ROLE))
    gemeente = slots.get(Slot.GEMEENTE) or tracker.get_slot(Slot.GEMEENTE)
    for paragraph in professional_answer(svc.guidance, svc.policy, known.key if known else "anders", gemeente)[:2]:
        dispatcher.utter_message(text=paragraph)
    say(dispatcher, "summary_for_professional")
    return []


def _followup_question(description: str, people: str | None = None) -> str | None:
    svc = services()
    # "4 jonge vrouwen ... en 2 mannen": ask about them, not about "de persoon" (persona run, stop 28)
    count = svc.answers.parse_people(people).count if people and people != UNKNOWN else None
    if count is None:
        count = svc.answers.parse_people(description).count
    questions = svc.classifier.followup_questions(svc.classifier.classify(description), limit=1,
                                                  plural=(count or 0) > 1)
    return questions[0][1] if questions else None
