"""Rasa's own DEBUG lines must lose user text and sender ids (bot.privacy.redact_message)."""
import pytest

from bot.privacy import redact_message

SECRET = "31612345678"


@pytest.mark.parametrize("line", [
    f"Issuing ticket for conversation '{SECRET}'.",
    f"Starting a new session for conversation ID '{SECRET}'.",
    f"Circuit breaker tripped. Stopped predicting more actions for sender '{SECRET}'.",
    f"event sender_id={SECRET} other=1",
    f'{{"sender_id": "{SECRET}", "x": 1}}',
    f'{{"action_name": "intake_form", "rasa_events": ["SlotSet(key: description, value: bel {SECRET})"]}}',
    f"SlotSet(key: description, value: bel mij op {SECRET} (na 5 uur))",
    f"Received user message 'bel {SECRET}' with intent",
])
def test_identifier_is_gone(line):
    redacted = redact_message(line)
    assert SECRET not in redacted
    assert "VERWIJDERD" in redacted


def test_plain_lines_stay():
    line = "Predicted next action 'intake_form' with confidence 1.00."
    assert redact_message(line) == line


def test_structlog_json_keeps_only_safe_keys():
    line = ('{"slot_candidates": {"description": "Anna Kowalska mag niet weg"}, '
            '"event": "forms.slots.validate", "level": "debug", "new_key": ["Kowalska"]}')
    redacted = redact_message(line)
    assert "Kowalska" not in redacted
    assert '"event": "forms.slots.validate"' in redacted


def test_a_warning_is_logged_by_type_and_place_never_with_its_text(caplog):
    import warnings as w

    from bot.privacy import log_redaction

    log_redaction.install_log_redaction()
    try:
        with caplog.at_level("WARNING"), w.catch_warnings():
            w.simplefilter("always")
            w.warn("Failed to parse arguments in line '/affirm{Jansen-Vlierboom'", UserWarning)
        assert "UserWarning" in caplog.text
        assert "Vlierboom" not in caplog.text
    finally:
        log_redaction.uninstall_log_redaction()
