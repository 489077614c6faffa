"""The once-built validator for action-server responses: same verdicts as Rasa's, installed
by the tracker store, and it no longer re-checks the schema on every call."""
import pytest

pytest.importorskip("rasa")

import jsonschema  # noqa: E402
from rasa.core.actions.action import RemoteAction  # noqa: E402
from rasa.utils.endpoints import EndpointConfig  # noqa: E402

from rasa_ext import action_validation  # noqa: E402

VALID = {
    "events": [
        {"event": "slot", "name": "gemeente", "value": "Utrecht"},
        {"event": "active_loop", "name": None},
        {"event": "followup", "name": "action_listen"},
    ],
    "responses": [{"text": "Dank u."}],
}
INVALID = [
    {"events": [{"event": "no_such_event"}], "responses": []},
    {"events": [{"event": "slot"}], "responses": []},  # slot without a name
    {"events": "not a list", "responses": []},
    {"events": [], "responses": ["not an object"]},
]


@pytest.fixture
def patched():
    original = RemoteAction._validate_action_result
    action_validation.install()
    yield RemoteAction("action_x", EndpointConfig("http://127.0.0.1:1/webhook"))
    RemoteAction._validate_action_result = original


def test_valid_response_passes(patched):
    assert patched._validate_action_result(VALID) is True


@pytest.mark.parametrize("bad", INVALID)
def test_invalid_response_raises_rasas_error(patched, bad):
    with pytest.raises(jsonschema.ValidationError) as err:
        patched._validate_action_result(bad)
    assert "Failed to validate Action server response" in err.value.message


@pytest.mark.parametrize("bad", INVALID)
def test_same_verdict_as_plain_jsonschema(bad):
    spec = RemoteAction.action_response_format_spec()
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, spec)
    jsonschema.validate(VALID, spec)


def test_schema_is_checked_once_not_per_call(patched, monkeypatch):
    action_validation._validator.cache_clear()
    calls = []
    cls = jsonschema.validators.validator_for(RemoteAction.action_response_format_spec())
    original = cls.check_schema
    monkeypatch.setattr(cls, "check_schema", classmethod(lambda c, s, *a, **k: (calls.append(1), original(s))[1]))
    for _ in range(5):
        patched._validate_action_result(VALID)
    assert len(calls) == 1


def test_tracker_store_installs_it(tmp_path, monkeypatch):
    from rasa.shared.core.domain import Domain

    from rasa_ext.tracker_store import AnonymisingTrackerStore

    # Rasa's own method for the duration of the test (restored afterwards)
    monkeypatch.setattr(RemoteAction, "_validate_action_result", action_validation._ORIGINAL)
    monkeypatch.setenv("NIETPLUIS_SENDER_SALT", "test-salt-0123456789abcdef")
    assert not action_validation.installed()
    AnonymisingTrackerStore(domain=Domain.empty(), db=str(tmp_path / "t.db"), redact_logs=False,
                            anonymiser=object(), preload=False)
    assert action_validation.installed()
