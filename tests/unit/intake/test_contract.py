"""The names Python shares with domain.yml and config.yml (bot.intake.contract) exist there."""
import yaml

from bot.config import ROOT
from bot.intake import contract
from bot.intake.contract import INTAKE_SLOTS, Action, Intent, Response, Slot

DOMAIN = yaml.safe_load((ROOT / "domain.yml").read_text("utf-8"))
CONFIG = yaml.safe_load((ROOT / "config.yml").read_text("utf-8"))
NLU = [yaml.safe_load(p.read_text("utf-8")) for p in sorted((ROOT / "data" / "nlu").glob("*.yml"))]
#: The answers of the retrieval intent `faq`, merged into the domain at training.
FAQ_RESPONSES = {k: v for doc in NLU for k, v in (doc.get("responses") or {}).items()}


def names(cls) -> dict[str, str]:
    return {k: v for k, v in vars(cls).items() if k.isupper()}


def test_every_intent_is_in_the_domain():
    intents = set(DOMAIN["intents"])
    fallback = next(c for c in CONFIG["pipeline"] if c["name"] == "FallbackClassifier")
    assert fallback  # nlu_fallback comes from this component
    missing = {k: v for k, v in names(Intent).items() if v not in intents and v != Intent.NLU_FALLBACK}
    assert missing == {}


def test_every_slot_is_in_the_domain():
    slots = set(DOMAIN["slots"]) | {"requested_slot"}
    assert {k: v for k, v in names(Slot).items() if v not in slots} == {}


def test_intake_slots_are_the_forms_questions_in_order():
    assert list(INTAKE_SLOTS) == DOMAIN["forms"]["intake_form"]["required_slots"]


def test_actions_and_responses_exist():
    actions = set(DOMAIN["actions"]) | {"action_listen"}
    assert {k: v for k, v in names(Action).items() if v not in actions} == {}
    responses = set(DOMAIN["responses"]) | set(FAQ_RESPONSES)
    assert {k: v for k, v in names(Response).items() if v not in responses} == {}


def test_question_keys_are_trained_answered_and_their_intents_exist():
    trained = {item["intent"] for doc in NLU for item in doc.get("nlu") or [] if "intent" in item}
    for key, intent in contract.QUESTION_KEYS.items():
        assert key in trained, key
        assert key.replace("faq/", "utter_faq/", 1) in FAQ_RESPONSES, key
        assert intent in DOMAIN["intents"], intent  # button payloads still send it
        assert intent not in trained, intent  # one label, not two for the classifier to confuse


def test_a_question_key_is_read_as_its_intent_only_when_the_selector_is_sure():
    def parsed(key, confidence):
        return {"intent": {"name": "faq", "confidence": 0.9},
                "response_selector": {"faq": {"response": {"intent_response_key": key, "confidence": confidence}}}}
    assert contract.message_intent(parsed("faq/waar_melden", 0.8)) == Intent.ASK_WHERE_TO_REPORT
    assert contract.message_intent(parsed("faq/waar_melden", 0.1)) == Intent.FAQ
    assert contract.message_intent(parsed("faq/nidos", 0.9)) == Intent.FAQ
    assert contract.message_intent({"intent": {"name": "ask_anonymity"}}) == Intent.ASK_ANONYMITY


def test_tracker_store_settings_name_real_slots_and_actions():
    endpoints = yaml.safe_load((ROOT / "endpoints.yml").read_text("utf-8"))["tracker_store"]
    assert endpoints["delete_action"] == Action.STOP
    assert endpoints["persist_after_slot"] == Slot.REPORT_CONFIRMED
    assert set(endpoints["keep_slots"]) <= set(DOMAIN["slots"])


def test_payloads_are_intents():
    assert contract.DONT_KNOW_PAYLOAD == "/" + Intent.DONT_KNOW
    assert contract.STOP_PAYLOAD == "/" + Intent.STOP
    for response in DOMAIN["responses"].values():
        for variant in response:
            for button in variant.get("buttons") or []:
                if button["payload"].startswith("/"):
                    assert button["payload"][1:] in DOMAIN["intents"], button


def test_a_renamed_intent_would_be_caught():
    assert "no_such_intent" not in DOMAIN["intents"]
