"""Conversation locks: one turn at a time per conversation, also across Rasa replicas.

``endpoints.yml``::

    lock_store:
      type: rasa_ext.lock_store.ConversationLockStore

Without ``REDIS_URL`` this is Rasa's ``InMemoryLockStore`` (one process, as before). With it,
an ``AtomicRedisLockStore``: Rasa 3.6's own ``RedisLockStore`` takes a ticket by reading the
lock, adding a ticket and writing it back (read-modify-write, rasa issue #9213), so two
replicas can both hold the lock of one conversation. Here every change is one Lua script,
which Redis runs atomically:

* a ticket is ``INCR`` on the conversation's counter plus ``ZADD`` into its ticket set, scored
  by when the ticket expires (Redis's own clock, so replicas' clocks do not matter);
* the lowest live ticket holds the lock; waiting and holding renew the ticket (a lease), so a
  replica killed mid-turn frees the conversation within ``lease_seconds``, not Rasa's 60 s;
* releasing removes the ticket and, when none is left, both keys.

All calls use ``redis.asyncio``: nothing blocks the event loop that serves every user.
Keys hold only the (already hashed or random) conversation id Rasa passes, never text.
"""
from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from typing import Any, AsyncGenerator, Optional, Text

from rasa.core.lock import TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, InMemoryLockStore, LockError, LockStore

logger = logging.getLogger(__name__)

KEY_PREFIX = "nietpluis:lock:"

_NOW_MS = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
"""

# KEYS: tickets (zset number -> expiry ms), counter. ARGV: lease ms. Returns the new ticket.
ISSUE = _NOW_MS + """
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
local n = redis.call('INCR', KEYS[2])
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[1]), n)
redis.call('PEXPIRE', KEYS[1], ARGV[1])
redis.call('PEXPIRE', KEYS[2], ARGV[1])
return n
"""

# KEYS: tickets, counter. ARGV: ticket, lease ms. Renews the ticket; returns 1 when it holds
# the lock (no live ticket below it), 0 when it waits, -1 when it has expired.
ACQUIRE = _NOW_MS + """
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
local mine = tonumber(ARGV[1])
if not redis.call('ZSCORE', KEYS[1], ARGV[1]) then return -1 end
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[1])
if redis.call('PTTL', KEYS[1]) < tonumber(ARGV[2]) then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  redis.call('PEXPIRE', KEYS[2], ARGV[2])
end
for _, member in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
  if tonumber(member) < mine then return 0 end
end
return 1
"""

# KEYS: tickets, counter. ARGV: ticket. Removes it; the last one out removes both keys.
RELEASE = """
redis.call('ZREM', KEYS[1], ARGV[1])
if redis.call('ZCARD', KEYS[1]) == 0 then
  redis.call('DEL', KEYS[1], KEYS[2])
end
return 1
"""


class AtomicRedisLockStore(LockStore):
    """Ticket locks in Redis, each change one atomic script (see the module docstring)."""

    def __init__(self, url: str, lease_seconds: float = 10.0, poll_seconds: float = 0.02,
                 max_wait_seconds: float = LOCK_LIFETIME, check: bool = True) -> None:
        from rasa_ext.redis_client import async_client, check_reachable

        if check:  # fail fast at start-up, not on the first user's message
            check_reachable(url)
        self.red = async_client(url)
        self.lease_ms = int(lease_seconds * 1000)
        self.poll_seconds = float(poll_seconds)
        self.max_wait_seconds = float(max_wait_seconds)
        self._issue = self.red.register_script(ISSUE)
        self._acquire = self.red.register_script(ACQUIRE)
        self._release = self.red.register_script(RELEASE)
        super().__init__()

    @staticmethod
    def keys_for(conversation_id: Text) -> list[str]:
        return [f"{KEY_PREFIX}{conversation_id}:tickets", f"{KEY_PREFIX}{conversation_id}:n"]

    async def issue(self, conversation_id: Text) -> int:
        return int(await self._issue(keys=self.keys_for(conversation_id), args=[self.lease_ms]))

    async def try_acquire(self, conversation_id: Text, ticket: int) -> int:
        return int(await self._acquire(keys=self.keys_for(conversation_id), args=[ticket, self.lease_ms]))

    async def release(self, conversation_id: Text, ticket: int) -> None:
        await self._release(keys=self.keys_for(conversation_id), args=[ticket])

    @contextlib.asynccontextmanager
    async def lock(self, conversation_id: Text, lock_lifetime: float = LOCK_LIFETIME,
                   wait_time_in_seconds: float = 1) -> AsyncGenerator[TicketLock, None]:
        try:
            ticket = await self.issue(conversation_id)
        except Exception as exc:  # noqa: BLE001 - Redis down: Rasa answers with its error
            raise LockError(f"lock store unreachable ({type(exc).__name__})") from None
        renewer: Optional[asyncio.Task] = None
        try:
            await self._wait_for_turn(conversation_id, ticket)
            renewer = asyncio.create_task(self._renew(conversation_id, ticket))
            yield TicketLock(conversation_id)
        finally:
            if renewer is not None:
                renewer.cancel()
            try:
                await self.release(conversation_id, ticket)
            except Exception as exc:  # noqa: BLE001 - the lease ends it anyway
                logger.warning("lock release failed (%s); the lease frees it", type(exc).__name__)

    async def _wait_for_turn(self, conversation_id: Text, ticket: int) -> None:
        deadline = time.monotonic() + self.max_wait_seconds
        delay = self.poll_seconds
        while True:
            state = await self.try_acquire(conversation_id, ticket)
            if state == 1:
                return
            if state == -1 or time.monotonic() > deadline:
                raise LockError(f"Could not acquire lock for conversation_id '{conversation_id}'.")
            await asyncio.sleep(delay)
            delay = min(delay * 2, 0.25)

    async def _renew(self, conversation_id: Text, ticket: int) -> None:
        """Keep the lease alive while the turn runs (a slow action server must not lose it)."""
        while True:
            await asyncio.sleep(self.lease_ms / 3000)
            try:
                await self.try_acquire(conversation_id, ticket)
            except Exception as exc:  # noqa: BLE001 - try again on the next beat
                logger.warning("lock renewal failed (%s)", type(exc).__name__)

    # Rasa's synchronous lock API is not used with this store (only ``lock``); refusing it
    # keeps anyone from reintroducing the read-modify-write path by accident.
    def get_lock(self, conversation_id: Text) -> Optional[TicketLock]:
        raise NotImplementedError("AtomicRedisLockStore: use lock()")

    def save_lock(self, lock: TicketLock) -> None:
        raise NotImplementedError("AtomicRedisLockStore: use lock()")

    def delete_lock(self, conversation_id: Text) -> None:
        raise NotImplementedError("AtomicRedisLockStore: use lock()")

    def issue_ticket(self, conversation_id: Text, lock_lifetime: float = LOCK_LIFETIME) -> int:
        raise NotImplementedError("AtomicRedisLockStore: use lock()")


class ConversationLockStore:
    """What endpoints.yml names: Redis when ``REDIS_URL`` is set, else Rasa's in-memory store."""

    def __new__(cls, endpoint_config: Any = None, **_: Any) -> LockStore:  # type: ignore[misc]
        from bot.config import Settings

        settings = Settings.from_env()
        if settings.redis_url:
            store: LockStore = AtomicRedisLockStore(settings.redis_url)
            logger.info("conversation locks in Redis (shared by replicas)")
            return store
        return InMemoryLockStore()
