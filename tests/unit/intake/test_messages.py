"""Every text an action sends exists, with the values it needs (bot.intake.messages)."""
import pathlib
import re

import pytest

from bot.config import ROOT
from bot.intake.messages import Messages

messages = Messages.from_yaml()


def used_keys() -> set[str]:
    keys = set()
    for path in list((ROOT / "actions").glob("*.py")) + list((ROOT / "bot" / "intake").glob("*.py")):
        source = path.read_text("utf-8")
        keys |= set(re.findall(r'say\(dispatcher, "(\w+)"', source))
        keys |= set(re.findall(r'ask\(dispatcher, [\w.]+, "(\w+)"', source))
        keys |= set(re.findall(r'Interpretation\(\{[^}]*\}, "(\w+)"', source))
        keys |= set(re.findall(r'Answer\(None, "(\w+)"\)', source))
    return keys


def test_every_used_key_exists():
    keys = used_keys()
    assert len(keys) > 15
    # the scan finds keys of each kind of call (an action, an answer, a free-text check)
    assert {"summary", "ask_send", "followup_code_unknown", "noted_unknown", "gemeente_choose",
            "empty_input", "no_words"} <= keys
    assert keys <= messages.keys()


def test_a_missing_key_is_found():
    assert "no_such_message" not in messages.keys()
    with pytest.raises(KeyError):
        messages.render("no_such_message")


@pytest.mark.parametrize("slot", ["description", "gemeente", "place_type", "people", "concerns",
                                  "frequency", "reporter_role", "correction_field",
                                  "followup_code", "followup_text"])
def test_every_form_slot_has_a_question(slot):
    assert "?" in messages.render(f"ask_{slot}")["text"]


def test_missing_value_is_an_error():
    with pytest.raises(KeyError):
        messages.render("sent", recipients="x")
    text = messages.render("sent", recipients="de aandachtsfunctionaris", reference="AB12")["text"]
    assert "AB12" in text


def test_no_verdicts_in_texts():
    import yaml
    texts = " ".join(m["text"] for m in yaml.safe_load((ROOT / "content/messages.yml").read_text()).values())
    texts += (ROOT / "domain.yml").read_text("utf-8")
    assert not re.search(r"\bhet is (zeker )?mensenhandel\b|\bdit is (zeker )?(uitbuiting|mensenhandel)\b", texts, re.I)
