"""The names Python shares with domain.yml and config.yml (bot.intake.contract) exist there."""
import yaml

from bot.config import ROOT
from bot.intake import contract
from bot.intake.contract import INTAKE_SLOTS, Action, Intent, Response, Slot

DOMAIN = yaml.safe_load((ROOT / "domain.yml").read_text("utf-8"))
CONFIG = yaml.safe_load((ROOT / "config.yml").read_text("utf-8"))


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
    assert {k: v for k, v in names(Response).items() if v not in DOMAIN["responses"]} == {}


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
