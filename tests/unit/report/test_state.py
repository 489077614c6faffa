"""Every sentence about storing, sending and deleting follows from the report state."""
import pytest

from bot.intake.messages import Messages
from bot.report.state import (ConversationState, deleted_statements, status_statements,
                              stop_statements, submitted_statements)

MESSAGES = Messages.from_yaml()
NOTHING = ConversationState()
KEPT = NOTHING.with_report("AAAA-BBBB-CCCC", ())
SENT = NOTHING.with_report("DDDD-EEEE-FFFF", ("Aandachtsfunctionaris Vlaardingen",))
DELETED = SENT.with_deleted("DDDD-EEEE-FFFF", ("Aandachtsfunctionaris Vlaardingen",))


def texts(statements) -> str:
    return " ".join(MESSAGES.render(key, **values)["text"] for key, values in statements)


def test_slot_round_trip():
    for state in (NOTHING, KEPT, SENT, DELETED):
        assert ConversationState.from_slot(state.to_slot()) == state
    assert ConversationState.from_slot(None) == NOTHING


def test_stop_with_nothing_says_nothing_kept_or_sent():
    text = texts(stop_statements(NOTHING))
    assert "niets bewaard en niets verstuurd" in text


def test_stop_after_a_kept_report_does_not_claim_nothing_was_kept():
    text = texts(stop_statements(KEPT))
    assert "niets bewaard" not in text
    assert "AAAA-BBBB-CCCC" in text and "niet verstuurd" in text and "ontvanger" not in text


def test_stop_after_a_sent_report_names_where_it_went():
    text = texts(stop_statements(SENT))
    assert "niets bewaard" not in text and "niets verstuurd" not in text
    assert "DDDD-EEEE-FFFF" in text and "Aandachtsfunctionaris Vlaardingen" in text


def test_a_stop_that_can_be_undone_says_so_and_claims_no_wipe_yet():
    text = texts(stop_statements(KEPT, undo_minutes="10"))
    assert "wis dit gesprek" not in text  # not wiped yet: the next message or 10 minutes do that
    assert "Toch verder" in text and "10 minuten" in text and "AAAA-BBBB-CCCC" in text
    assert "Toch verder" not in texts(stop_statements(KEPT))


def test_stop_after_deleting_the_only_report_says_nothing_kept():
    assert "niets bewaard" in texts(stop_statements(DELETED))


@pytest.mark.parametrize("state, must, must_not", [
    (NOTHING, ["niets bewaard en niets verstuurd"], ["code is", "Je melding"]),
    (KEPT, ["AAAA-BBBB-CCCC", "niets verstuurd"], ["gaat naar"]),
    (SENT, ["DDDD-EEEE-FFFF", "gaat naar Aandachtsfunctionaris Vlaardingen"], ["niets"]),
    (DELETED, ["gewist", "had die al gekregen"], ["gaat naar"]),
])
def test_status_follows_the_state(state, must, must_not):
    text = texts(status_statements(state))
    assert all(m in text for m in must), text
    assert not any(m in text for m in must_not), text


def test_what_happens_next_only_when_sent():
    assert "bekijken je melding" in texts(submitted_statements("X", ("Y",)))
    kept = texts(submitted_statements("X", ()))
    assert "bekijken je melding" not in kept and "Er gaat niets naar een meldpunt" in kept


def test_deleting_says_what_had_already_left():
    assert "had die al gekregen" in texts(deleted_statements("X", ("Politie",), ()))
    assert "voordat die verstuurd werd" in texts(deleted_statements("X", (), ("aandachtsfunctionaris",)))
    assert "Er was niets verstuurd" in texts(deleted_statements("X", (), ()))
