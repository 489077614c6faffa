"""Unconfirmed conversations in Redis, so that every Rasa replica sees them.

The same promise as ``rasa_ext.pending`` (memory only): nothing reaches a disk before the
user confirms. Redis is run with persistence off (``save ""``, ``appendonly no``; see
``deploy/redis.conf``), and what it holds is the already anonymised events, encrypted with
the report key (Fernet) under the hashed sender id. Each turn appends one encrypted chunk
(``RPUSH``) and renews the expiry (``PEXPIRE``, ``pending_ttl_hours``); confirming moves the
conversation to the SQL store and deletes it here, stopping deletes it.

``redis.asyncio`` throughout: a slow Redis holds up the conversation that waits for it, never
the event loop.
"""
from __future__ import annotations

from typing import Any, Optional

from bot.store.crypto import seal, unseal
from rasa_ext.pending import _latest_session

PREFIX = "nietpluis:pending:"
PARKED = "nietpluis:parked:"


class RedisPending:
    shared = True  # every replica reads and writes the same conversations

    def __init__(self, url: str, cipher: Any, ttl_seconds: float = 24 * 3600, client: Any = None,
                 check: bool = True) -> None:
        from rasa_ext.redis_client import async_client, check_reachable

        if check and client is None:  # fail fast at start-up: never fall back to memory
            check_reachable(url)
        self.red = client or async_client(url)
        self.cipher = cipher
        self.ttl_ms = int(float(ttl_seconds) * 1000)

    async def keys(self) -> list[str]:
        return [k.decode()[len(PREFIX):] if isinstance(k, bytes) else k[len(PREFIX):]
                async for k in self.red.scan_iter(match=PREFIX + "*", count=500)]

    async def _all(self, key: str) -> Optional[list[dict]]:
        chunks = await self.red.lrange(PREFIX + key, 0, -1)
        if not chunks:
            return None
        events: list[dict] = []
        for chunk in chunks:
            events.extend(unseal(self.cipher, chunk.decode("ascii") if isinstance(chunk, bytes) else chunk))
        return events

    async def count(self, key: str) -> Optional[int]:
        events = await self._all(key)
        return None if events is None else len(_latest_session(events))

    async def events(self, key: str, all_sessions: bool = False) -> Optional[list[dict]]:
        events = await self._all(key)
        if events is None:
            return None
        return events if all_sessions else _latest_session(events)

    async def append(self, key: str, new_events: list[dict]) -> None:
        if not new_events:  # an empty list would not create the key; still renew it
            await self.red.pexpire(PREFIX + key, self.ttl_ms)
            return
        async with self.red.pipeline(transaction=True) as pipe:
            pipe.rpush(PREFIX + key, seal(self.cipher, new_events))
            pipe.pexpire(PREFIX + key, self.ttl_ms)
            await pipe.execute()

    async def park(self, key: str, events: list[dict], ttl_seconds: float) -> None:
        ms = max(1, int(float(ttl_seconds) * 1000))
        async with self.red.pipeline(transaction=True) as pipe:
            pipe.delete(PREFIX + key, PARKED + key)
            pipe.rpush(PREFIX + key, seal(self.cipher, events))
            pipe.pexpire(PREFIX + key, ms)
            pipe.set(PARKED + key, b"1", px=ms)
            await pipe.execute()

    async def is_parked(self, key: str) -> bool:
        return bool(await self.red.exists(PARKED + key))

    async def pop(self, key: str) -> list[dict]:
        async with self.red.pipeline(transaction=True) as pipe:
            pipe.lrange(PREFIX + key, 0, -1)
            pipe.delete(PREFIX + key, PARKED + key)
            chunks, _ = await pipe.execute()
        events: list[dict] = []
        for chunk in chunks or []:
            events.extend(unseal(self.cipher, chunk.decode("ascii") if isinstance(chunk, bytes) else chunk))
        return events

    async def close(self) -> None:
        await self.red.close()
