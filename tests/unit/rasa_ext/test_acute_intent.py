"""The NLU component that lets danger now win over any other intent."""
import pytest

pytest.importorskip("rasa")

from rasa.shared.nlu.training_data.message import Message  # noqa: E402

from rasa_ext.acute_intent import AcuteIntentOverride  # noqa: E402


def parsed(text, intent="out_of_scope", confidence=0.8):
    return Message(data={"text": text, "intent": {"name": intent, "confidence": confidence},
                         "intent_ranking": [{"name": intent, "confidence": confidence}]})


def test_danger_now_becomes_the_acute_intent_whatever_the_nlu_said():
    component = AcuteIntentOverride({})
    [m] = component.process([parsed("mijn nichtje appt net vanuit een hotel: kom me ophalen, ik wil hier weg")])
    assert m.get("intent") == {"name": "acute_danger", "confidence": 1.0}
    assert m.get("intent_ranking")[0]["name"] == "acute_danger"
    assert m.get("intent_ranking")[1]["name"] == "out_of_scope"


@pytest.mark.parametrize("text", ["Utrecht", "/affirm", "", "gisteren werd ze geslagen, nu is ze bij haar moeder"])
def test_other_messages_keep_their_intent(text):
    [m] = AcuteIntentOverride({}).process([parsed(text, "report_situation")])
    assert m.get("intent")["name"] == "report_situation"
