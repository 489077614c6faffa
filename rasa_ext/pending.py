"""Conversations that are not confirmed yet: kept in the Rasa server's memory only.

The opening promises "nothing is stored until you confirm". So until a conversation has a
confirmed report, its (already anonymised) events live here instead of in the database.
They are gone when the user stops, after ``ttl_seconds`` without a message, when more than
``max_conversations`` are open (oldest first), or when the server restarts.

A stopped conversation can be *parked* for a few minutes (``park``): then only what is needed to
undo the stop waits here, for the next message only, and expires on its own, sooner.
"""
from __future__ import annotations

import functools
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Callable, Iterable, Optional

SESSION_STARTED = "session_started"


def _locked(method):
    """The tracker store works in threads (off Rasa's event loop): one at a time in here."""
    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        with self._lock:
            return method(self, *args, **kwargs)
    return wrapper


@dataclass
class _Entry:
    events: list[dict] = field(default_factory=list)
    touched: float = 0.0


class PendingConversations:
    def __init__(self, ttl_seconds: float = 24 * 3600, max_conversations: int = 10_000,
                 clock: Callable[[], float] = time.time) -> None:
        self.ttl_seconds = float(ttl_seconds)
        self.max_conversations = int(max_conversations)
        self._clock = clock
        self._entries: "OrderedDict[str, _Entry]" = OrderedDict()  # least recently used first
        self._parked: dict[str, float] = {}  # key -> when it is gone, whatever happens
        self._lock = threading.RLock()

    @_locked
    def __contains__(self, key: str) -> bool:
        self._expire()
        return key in self._entries

    @_locked
    def __len__(self) -> int:
        self._expire()
        return len(self._entries)

    @_locked
    def keys(self) -> Iterable[str]:
        self._expire()
        return list(self._entries)

    @_locked
    def count(self, key: str) -> Optional[int]:
        """How many events retrieve() hands Rasa for this conversation (None: not here)."""
        self._expire()
        entry = self._entries.get(key)
        return None if entry is None else len(_latest_session(entry.events))

    @_locked
    def events(self, key: str, all_sessions: bool = False) -> Optional[list[dict]]:
        """Copies of the stored events (from the latest session start unless all_sessions),
        the same slice the SQL store hands Rasa."""
        self._expire()
        entry = self._entries.get(key)
        if entry is None:
            return None
        self._touch(key, entry)
        events = entry.events if all_sessions else _latest_session(entry.events)
        return [dict(e) for e in events]

    @_locked
    def append(self, key: str, new_events: list[dict]) -> None:
        self._expire()
        entry = self._entries.get(key) or _Entry()
        entry.events.extend(new_events)
        self._entries[key] = entry
        self._touch(key, entry)
        while len(self._entries) > self.max_conversations:
            self.pop(next(iter(self._entries)))

    @_locked
    def park(self, key: str, events: list[dict], ttl_seconds: float) -> None:
        """Replace the conversation by ``events`` that expire after ``ttl_seconds`` (not
        refreshed by reading): what a stopped conversation needs to be undone."""
        self.pop(key)
        self.append(key, events)
        self._parked[key] = self._clock() + float(ttl_seconds)

    @_locked
    def is_parked(self, key: str) -> bool:
        self._expire()
        return key in self._parked

    @_locked
    def pop(self, key: str) -> list[dict]:
        """Remove a conversation (to delete it, or to move it to the database)."""
        self._parked.pop(key, None)
        entry = self._entries.pop(key, None)
        return entry.events if entry else []

    def _touch(self, key: str, entry: _Entry) -> None:
        entry.touched = self._clock()
        self._entries.move_to_end(key)

    def _expire(self) -> None:
        now = self._clock()
        for key in [k for k, until in self._parked.items() if until <= now]:
            self.pop(key)
        cutoff = now - self.ttl_seconds
        while self._entries:
            key, entry = next(iter(self._entries.items()))
            if entry.touched >= cutoff:
                break
            self.pop(key)


def _latest_session(events: list[dict]) -> list[dict]:
    for i in range(len(events) - 1, -1, -1):
        if events[i].get("event") == SESSION_STARTED:
            return events[i:]
    return events


class MemoryPending:
    """The async face the tracker store uses (``RedisPending`` has the same one) over
    ``PendingConversations``: this process's memory, one Rasa process."""

    shared = False  # other processes do not see these conversations

    def __init__(self, conversations: PendingConversations) -> None:
        self.conversations = conversations

    async def keys(self) -> list[str]:
        return list(self.conversations.keys())

    async def count(self, key: str) -> Optional[int]:
        return self.conversations.count(key)

    async def events(self, key: str, all_sessions: bool = False) -> Optional[list[dict]]:
        return self.conversations.events(key, all_sessions=all_sessions)

    async def append(self, key: str, new_events: list[dict]) -> None:
        self.conversations.append(key, new_events)

    async def park(self, key: str, events: list[dict], ttl_seconds: float) -> None:
        self.conversations.park(key, events, ttl_seconds)

    async def is_parked(self, key: str) -> bool:
        return self.conversations.is_parked(key)

    async def pop(self, key: str) -> list[dict]:
        return self.conversations.pop(key)

    async def close(self) -> None:
        return None


class RecentKeys:
    """Hashed ids of conversations this process kept pending lately (ids and times only, in
    memory). With a shared pending store this is how a replica notices that Redis lost a
    conversation it was serving, and says so instead of silently starting over."""

    def __init__(self, ttl_seconds: float, max_keys: int = 100_000,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.ttl_seconds, self.max_keys, self._clock = float(ttl_seconds), int(max_keys), clock
        self._seen: "OrderedDict[str, float]" = OrderedDict()
        self._lock = threading.Lock()

    def seen(self, key: str) -> None:
        with self._lock:
            self._seen[key] = self._clock()
            self._seen.move_to_end(key)
            while len(self._seen) > self.max_keys:
                self._seen.popitem(last=False)

    def forget(self, key: str) -> None:
        with self._lock:
            self._seen.pop(key, None)

    def contains(self, key: str) -> bool:
        with self._lock:
            when = self._seen.get(key)
            if when is None:
                return False
            if self._clock() - when > self.ttl_seconds:
                del self._seen[key]
                return False
            return True
