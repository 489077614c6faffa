"""Validate action-server responses with a schema validator built once, not per call.

Rasa 3.6 checks every custom action's response with ``jsonschema.validate(result, spec)``
(``RemoteAction._validate_action_result``). ``validate`` first checks the *schema itself*
against the JSON-Schema metaschema, and Rasa's events schema is large: that costs ~37 ms on
this machine for every custom action call, two or three of them per intake turn, all on
the server's one event loop. A validator built once validates the same response in <1 ms.

Same schema, same checks, same ``ValidationError`` (with Rasa's message) on bad input.
Installed when Rasa loads our tracker store (``rasa_ext.tracker_store``), i.e. at server
start in every process that uses our ``endpoints.yml``.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any, Dict, Text

from rasa.core.actions.action import RemoteAction

_ORIGINAL = RemoteAction._validate_action_result


@lru_cache(maxsize=1)
def _validator() -> Any:
    from jsonschema import validators

    schema = RemoteAction.action_response_format_spec()
    cls = validators.validator_for(schema)
    cls.check_schema(schema)  # once, as jsonschema.validate would on every call
    return cls(schema)


def _validate_action_result(self: RemoteAction, result: Dict[Text, Any]) -> bool:
    from jsonschema import ValidationError

    try:
        _validator().validate(result)
        return True
    except ValidationError:
        # fall back to Rasa's own code path for the error: identical message and type
        return _ORIGINAL(self, result)


def install() -> None:
    """Idempotent."""
    RemoteAction._validate_action_result = _validate_action_result


def installed() -> bool:
    return RemoteAction._validate_action_result is _validate_action_result
