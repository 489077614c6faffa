"""Dutch texts that actions send, from content/messages.yml, with their values filled in."""
from __future__ import annotations

import string
from pathlib import Path
from typing import Any

import yaml

from bot.config import CONTENT_DIR

DATA = CONTENT_DIR / "messages.yml"


class Messages:
    def __init__(self, data: dict[str, dict], source: Path | str = DATA) -> None:
        for key, entry in data.items():
            if not isinstance(entry, dict) or not isinstance(entry.get("text"), str):
                raise ValueError(f"{source}: message '{key}' needs a 'text'")
        self._data = data

    @classmethod
    def from_yaml(cls, path: Path = DATA) -> "Messages":
        return cls(yaml.safe_load(Path(path).read_text("utf-8")), path)

    def keys(self) -> set[str]:
        return set(self._data)

    def placeholders(self, key: str) -> set[str]:
        entry = self._data[key]
        texts = [entry["text"], *(b["title"] for b in entry.get("buttons") or [])]
        return {name for text in texts for _, name, _, _ in string.Formatter().parse(text) if name}

    def render(self, key: str, **values: Any) -> dict[str, Any]:
        """{'text': ..., 'buttons': [...]} ready for a dispatcher; a missing value is an error."""
        entry = self._data[key]
        missing = self.placeholders(key) - set(values)
        if missing:
            raise KeyError(f"message '{key}' needs {sorted(missing)}")
        message: dict[str, Any] = {"text": entry["text"].format(**values)}
        if entry.get("buttons"):
            message["buttons"] = [dict(b, title=b["title"].format(**values)) for b in entry["buttons"]]
        return message
