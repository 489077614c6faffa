"""The names Python shares with `domain.yml` and `config.yml`: intents, slots, payloads.

Rasa refers to these by string. Every one that our code relies on is named here, once, and
`tests/unit/intake/test_contract.py` checks each against the domain and the pipeline, so
renaming an intent or slot in `domain.yml` fails a test instead of silently breaking a turn.
"""
from __future__ import annotations


class Intent:
    GREET = "greet"
    GOODBYE = "goodbye"
    THANK = "thank"
    DONT_KNOW = "dont_know"
    STOP = "stop"
    START_REPORT = "start_report"
    ACUTE_DANGER = "acute_danger"
    ASK_WHERE_TO_REPORT = "ask_where_to_report"
    ASK_ANONYMITY = "ask_anonymity"
    ASK_EXPLAIN = "ask_explain"
    BOT_CHALLENGE = "bot_challenge"
    CORRECT = "correct"
    INSULT = "insult"
    OUT_OF_SCOPE = "out_of_scope"
    OTHER_LANGUAGE = "other_language"
    AFFIRM = "affirm"
    DENY = "deny"
    FOLLOWUP = "followup"
    REPORT_SITUATION = "report_situation"
    ASK_STATUS = "ask_status"
    DELETE_REPORT = "delete_report"
    ASK_VICTIM_HELP = "ask_victim_help"
    UNDO_STOP = "undo_stop"
    KEEP_ONLY = "keep_only"     # at the consent question: keep the report with a code, send nothing
    #: The common questions: a retrieval intent, one answer per key (data/nlu/faq.yml).
    FAQ = "faq"
    #: Set by Rasa's FallbackClassifier (config.yml) below its confidence threshold.
    NLU_FALLBACK = "nlu_fallback"


#: Questions that are keys of the retrieval intent `faq` but keep their own handling (a route
#: that knows the role and gemeente, help for the writer, ...). They were intents of their own
#: until stop 28; cross-validation confused them with `faq` more than with anything else, so
#: the response selector now tells them apart. Button payloads still send the intents.
QUESTION_KEYS = {
    "faq/waar_melden": Intent.ASK_WHERE_TO_REPORT,
    "faq/anonimiteit": Intent.ASK_ANONYMITY,
    "faq/uitleg": Intent.ASK_EXPLAIN,
    "faq/hulp_voor_mij": Intent.ASK_VICTIM_HELP,
}
#: The key a question intent sent as a payload is answered with.
KEY_OF_QUESTION = {intent: key for key, intent in QUESTION_KEYS.items()}
#: Below this the selector's pick is a guess: better to say what can be asked.
FAQ_CONFIDENCE = 0.3


def faq_pick(message: dict) -> tuple[str | None, float]:
    """(key, confidence) the response selector chose for a message."""
    selector = (message.get("response_selector") or {}).get(Intent.FAQ) or {}
    response = selector.get("response") or {}
    return response.get("intent_response_key"), float(response.get("confidence") or 0.0)


def message_intent(message: dict) -> str | None:
    """The intent of a parsed message, with a question key of `faq` read as its own intent."""
    name = (message.get("intent") or {}).get("name")
    if name == Intent.FAQ:
        key, confidence = faq_pick(message)
        if key in QUESTION_KEYS and confidence >= FAQ_CONFIDENCE:
            return QUESTION_KEYS[key]
    return name


class Slot:
    REQUESTED = "requested_slot"
    DESCRIPTION = "description"
    GEMEENTE = "gemeente"
    PLACE_TYPE = "place_type"
    PEOPLE = "people"
    CONCERNS = "concerns"
    FREQUENCY = "frequency"
    REPORTER_ROLE = "reporter_role"
    PROFESSIONAL_ROLE = "professional_role"
    CORRECTION_FIELD = "correction_field"
    CORRECTION_VALUE = "correction_value"
    FOLLOWUP_CODE = "followup_code"
    FOLLOWUP_TEXT = "followup_text"
    ACUTE = "acute"
    MINOR = "minor"
    POSSIBLE_FORM = "possible_form"
    SIGNAL_IDS = "signal_ids"
    #: The tracker store writes a conversation only once this slot is true.
    REPORT_CONFIRMED = "report_confirmed"
    PHASE = "phase"
    PAUSED_PHASE = "paused_phase"
    PENDING_QUESTION = "pending_question"
    REPORT_STATE = "report_state"
    DELETE_CODE = "delete_code"
    WELCOMED = "welcomed"
    STOP_ASKED = "stop_asked"
    VICTIM_HELPED = "victim_helped"
    #: Set right after a stop (memory only, for the next message): what "Toch verder" restores.
    STOP_SNAPSHOT = "stop_snapshot"
    STOP_UNDOABLE = "stop_undoable"


class Phase:
    """Values of the `phase` slot: what the conversation waits for outside the forms."""
    CONFIRM_SUMMARY = "confirm_summary"
    CONSENT = "consent"
    AFTER_ACUTE = "after_acute"
    CONFIRM_STOP = "confirm_stop"
    CONFIRM_DELETE = "confirm_delete"
    DONE = "done"


class Action:
    STOP = "action_stop"
    LISTEN = "action_listen"


class Response:
    ACUTE_112 = "utter_acute_112"
    GREET_AGAIN = "utter_greet_again"
    VICTIM_HELP = "utter_victim_help"
    OUT_OF_SCOPE = "utter_out_of_scope"
    ANONYMITY = "utter_faq/anonimiteit"


#: The intake form's questions, in asking order (`forms.intake_form.required_slots`).
INTAKE_SLOTS = (Slot.DESCRIPTION, Slot.GEMEENTE, Slot.PLACE_TYPE, Slot.PEOPLE, Slot.CONCERNS,
                Slot.FREQUENCY, Slot.REPORTER_ROLE)
#: Everything the report is built from.
REPORT_SLOTS = INTAKE_SLOTS + (Slot.PROFESSIONAL_ROLE, Slot.ACUTE, Slot.MINOR)

DENY_PAYLOAD = f"/{Intent.DENY}"
AFFIRM_PAYLOAD = f"/{Intent.AFFIRM}"
KEEP_ONLY_PAYLOAD = f"/{Intent.KEEP_ONLY}"
DONT_KNOW_PAYLOAD = f"/{Intent.DONT_KNOW}"
STOP_PAYLOAD = f"/{Intent.STOP}"
UNDO_STOP_PAYLOAD = f"/{Intent.UNDO_STOP}"
#: Below this NLU confidence a short message is not read as a question or remark.
QUESTION_CONFIDENCE = 0.6
SOCIAL_CONFIDENCE = 0.9
ACUTE_INTENT_CONFIDENCE = 0.9


def payload(intent: str) -> str:
    return f"/{intent}"
