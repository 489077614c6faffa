"""Dutch texts that actions send, from data/messages.yml, with their values filled in."""
from __future__ import annotations

import functools
import pathlib
import string
from typing import Any

import yaml

DATA = pathlib.Path(__file__).resolve().parents[1] / "data" / "messages.yml"


@functools.lru_cache(maxsize=1)
def _messages() -> dict[str, dict]:
    data = yaml.safe_load(DATA.read_text("utf-8"))
    for key, entry in data.items():
        if not isinstance(entry, dict) or not isinstance(entry.get("text"), str):
            raise ValueError(f"{DATA}: message '{key}' needs a 'text'")
    return data


def keys() -> set[str]:
    return set(_messages())


def placeholders(key: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(_messages()[key]["text"]) if name}


def render(key: str, **values: Any) -> dict[str, Any]:
    """{'text': ..., 'buttons': [...]} ready for a dispatcher; a missing value is an error."""
    entry = _messages()[key]
    missing = placeholders(key) - set(values)
    if missing:
        raise KeyError(f"message '{key}' needs {sorted(missing)}")
    message: dict[str, Any] = {"text": entry["text"].format(**values)}
    if entry.get("buttons"):
        message["buttons"] = [dict(b) for b in entry["buttons"]]
    return message
