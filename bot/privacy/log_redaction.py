"""Log redaction: user text and sender ids never reach a log handler.

* ``UserTextRedactionFilter``: a ``logging.Filter`` that removes user text from records
  (Rasa's "Received user message '...'", slot dumps, structlog ``text=``/``"text":`` keys,
  and any record logged with ``extra={"user_text": True}``).
* ``install_log_redaction()`` puts the filter on existing handlers and, by default, wraps the
  log-record factory so handlers added later (Rasa configures logging after start-up) are
  covered as well; warnings are logged by type and place only, never with their text.
"""
from __future__ import annotations

import json
import logging
import re
import types
import warnings
from typing import Iterable

REDACTED = "[VERWIJDERD]"


# structlog keys Rasa itself treats as user data (rasa/utils/log_utils.py) plus ours
_SENSITIVE_KEYS = (
    "text", "response_text", "user_text", "slot_values", "parse_data_text", "parse_data_entities",
    "prediction_events", "tracker_latest_message", "prefilled_slots", "message", "response",
    "slot_candidates", "rasa_event", "rasa_events", "tracker_states", "current_states",
    "old_states", "successes", "current_entity", "next_entity", "states", "entity", "token_text",
    "user_message", "json_message", "latest_message", "entities", "value", "slots", "events",
    "tekst", "bericht",
)
_KEYS = "|".join(sorted(map(re.escape, _SENSITIVE_KEYS), key=len, reverse=True))
_QUOTED = r"""(?:'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")"""
_PATTERNS: list[tuple[re.Pattern, str]] = [
    # Rasa processor: Received user message '...' with intent '...' and entities '[...]'
    (re.compile(r"(?is)(user message\s*)" + _QUOTED), r"\1'" + REDACTED + "'"),
    (re.compile(r"(?is)(and entities\s*)'.*?'(?=\s*$|\s+and\s|\.\s)"), r"\1'" + REDACTED + "'"),
    # "Current slot values: \n\tname: value"
    (re.compile(r"(?m)^(\t[\w\-]+:\s).*$"), r"\1" + REDACTED),
    # JSON / dict reprs: "text": "..."  'text': '...'
    (re.compile(r"""(?is)(["'](?:""" + _KEYS + r""")["']\s*:\s*)""" + _QUOTED), r"\1'" + REDACTED + "'"),
    # dict/list values after those keys that are not quoted strings: 'entities': [...]
    (re.compile(r"""(?is)(["'](?:entities|slots|events|slot_values)["']\s*:\s*)[\[{].*?[\]}](?=\s*[,}])"""),
     r"\1" + REDACTED),
    # structlog console: key=value or key='...'
    (re.compile(r"(?is)(?<![\w.])((?:" + _KEYS + r")=)(?:" + _QUOTED + r"|[\[{(].*?[\]})](?=\s|$)|\S+)"),
     r"\1" + REDACTED),
    # free-form "text: ..." up to the end of the line
    (re.compile(r"(?im)\b((?:user )?(?:text|tekst|bericht|message)\s*:\s).+$"), r"\1" + REDACTED),
]


# Rasa's DEBUG lines list whole events ("rasa_events": ["SlotSet(key: description, value:
# ...)", "UserUttered(text: ...)", "BotUttered('...')"]): drop the list, and as a second
# line of defence the values inside any event repr.
_PATTERNS += [
    (re.compile(r"""(?s)(["']rasa_events["']\s*:\s*)\[.*\]"""), r"\1['" + REDACTED + "']"),
    (re.compile(r"(?s)(SlotSet\(key: [\w-]+, value: ).*?(?=\)(?:\"|'|$|,\s))"), r"\1" + REDACTED),
    (re.compile(r"(?s)((?:UserUttered|BotUttered)\((?:text: )?).*?(?=,\s*[{\w]|\)(?:\"|'|$))"),
     r"\1" + REDACTED),
]


# Sender ids are identifiers too (a Telegram id, a phone number): Rasa logs them as
# "conversation '...'", "conversation ID '...'", "for sender '...'" and sender_id=....
_PATTERNS += [
    (re.compile(r"""(?i)(["'](?:sender_id|conversation_id)["']\s*:\s*)(["'])[^"']*\2"""),
     r"\1\2" + REDACTED + r"\2"),
    (re.compile(r"(?i)\b((?:conversation(?:\s+id)?|sender(?:_id)?)(?![\"'])\s*[:=]?\s*)(['\"])[^'\"]*\2"),
     r"\1\2" + REDACTED + r"\2"),
    (re.compile(r"(?i)\b((?:sender_id|conversation_id)=)\S+"), r"\1" + REDACTED),
]


# Rasa's structlog lines are JSON objects with ever new keys ("slot_candidates",
# "prefilled_slots", ...): there we keep only values of keys known to be safe.
_SAFE_JSON_KEYS = frozenset({"event", "level", "action_name", "policy_name", "intent_name",
                             "intent", "confidence", "name", "logger", "timestamp", "model",
                             "active_loop", "requested_slot", "policy", "prediction_source"})


def _redact_json(value, key: str | None = None):
    if isinstance(value, dict):
        return {k: _redact_json(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_redact_json(v, key) for v in value]
    if isinstance(value, str) and key not in _SAFE_JSON_KEYS:
        return REDACTED
    return value


def _redact_json_message(message: str) -> str | None:
    stripped = message.strip()
    if not (stripped.startswith("{") and stripped.endswith("}")):
        return None
    try:
        data = json.loads(stripped)
    except ValueError:
        return None
    return json.dumps(_redact_json(data), ensure_ascii=False) if isinstance(data, dict) else None


def redact_message(message: str) -> str:
    """Remove user text from a rendered log message."""
    as_json = _redact_json_message(message)
    if as_json is not None:
        return as_json
    for pattern, repl in _PATTERNS:
        message = pattern.sub(repl, message)
    return message


class UserTextRedactionFilter(logging.Filter):
    """Rewrites records so user text never reaches a handler. Never drops records."""

    def filter(self, record: logging.LogRecord) -> bool:  # noqa: A003 - logging API
        _redact_record(record)
        return True


def _redact_record(record: logging.LogRecord) -> None:
    if getattr(record, "_nietpluis_redacted", False):
        return
    if getattr(record, "user_text", False):
        record.msg = str(record.msg) if not record.args else _placeholder_format(record)
        record.args = ()
    else:
        try:
            message = record.getMessage()
        except Exception:  # badly formatted record: keep only the template
            message = str(record.msg)
        record.msg = redact_message(message)
        record.args = ()
    if record.exc_text:
        record.exc_text = redact_message(record.exc_text)
    record._nietpluis_redacted = True  # type: ignore[attr-defined]


def _placeholder_format(record: logging.LogRecord) -> str:
    args = record.args if isinstance(record.args, tuple) else (record.args,)
    try:
        return str(record.msg) % tuple(REDACTED for _ in args)
    except Exception:
        return str(record.msg)


_installed_factory = False
_original_factory = None
_original_showwarning = None


def _show_warning_without_text(message, category, filename, lineno, file=None, line=None) -> None:
    """Warnings bypass logging filters and may quote user text (Rasa's "Failed to parse
    arguments in line '/...'"): log only their type and where they came from."""
    logging.getLogger("py.warnings").warning(
        "%s at %s:%s (text removed)", getattr(category, "__name__", "Warning"),
        str(filename).rsplit("/", 1)[-1], lineno)


def _redacted_get_message(record: logging.LogRecord) -> str:
    if getattr(record, "user_text", False):
        return _placeholder_format(record)
    try:
        message = logging.LogRecord.getMessage(record)
    except Exception:
        message = str(record.msg)
    return redact_message(message)


def install_log_redaction(
    logger_names: Iterable[str] = ("",),
    record_factory: bool = True,
) -> UserTextRedactionFilter:
    """Install the redaction filter on the handlers of the given loggers (root by default)
    and, with ``record_factory``, on every record created from now on. Idempotent."""
    global _installed_factory
    flt = UserTextRedactionFilter()
    for name in logger_names:
        for handler in logging.getLogger(name).handlers:
            if not any(isinstance(f, UserTextRedactionFilter) for f in handler.filters):
                handler.addFilter(flt)
    global _original_factory, _original_showwarning
    if _original_showwarning is None:
        _original_showwarning = warnings.showwarning
        warnings.showwarning = _show_warning_without_text
    if record_factory and not _installed_factory:
        previous = logging.getLogRecordFactory()
        _original_factory = previous

        def factory(*args, **kwargs):
            record = previous(*args, **kwargs)
            # bound per record: decided when formatted, so `extra={"user_text": True}`
            # (set after the factory ran) is honoured too
            record.getMessage = types.MethodType(_redacted_get_message, record)
            return record

        logging.setLogRecordFactory(factory)
        _installed_factory = True
    return flt


def uninstall_log_redaction() -> None:
    """Undo ``install_log_redaction`` (record factory and handler filters). For tests."""
    global _installed_factory, _original_showwarning
    if _installed_factory and _original_factory is not None:
        logging.setLogRecordFactory(_original_factory)
    _installed_factory = False
    if _original_showwarning is not None:
        warnings.showwarning = _original_showwarning
        _original_showwarning = None
    loggers = [logging.getLogger()] + [
        lg for lg in logging.Logger.manager.loggerDict.values() if isinstance(lg, logging.Logger)
    ]
    for lg in loggers:
        for handler in lg.handlers:
            for f in [f for f in handler.filters if isinstance(f, UserTextRedactionFilter)]:
                handler.removeFilter(f)
