"""The Rasa server's REST channel as the bridge uses it.

When Rasa cannot be reached the message is not lost: it waits here, in memory, in order, per
conversation (a few at most), and `flush` sends it once Rasa answers again. Nothing is
written to disk and nothing is logged but counts.
"""
from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict
from typing import Awaitable, Callable

import httpx

log = logging.getLogger(__name__)

#: at most this many messages wait per conversation while Rasa is down
MAX_WAITING = 5

Deliver = Callable[[int, list[dict]], Awaitable[None]]


class RasaUnavailable(RuntimeError):
    """The Rasa server did not answer (down, restarting, a 5xx)."""


class RasaClient:
    def __init__(self, url: str, timeout: float = 60.0) -> None:
        self.url = url.rstrip("/") + "/webhooks/rest/webhook"
        self._client = httpx.AsyncClient(timeout=timeout)
        # chat id -> (sender id, [messages]) waiting for Rasa to come back
        self.waiting: "OrderedDict[int, tuple[str, list[str]]]" = OrderedDict()
        self._flush_lock = asyncio.Lock()

    async def close(self) -> None:
        await self._client.aclose()

    async def send(self, sender: str, message: str) -> list[dict]:
        """Rasa's replies ([{text, buttons?}]); RasaUnavailable when it cannot answer."""
        try:
            response = await self._client.post(self.url, json={"sender": sender, "message": message})
        except httpx.HTTPError as exc:
            raise RasaUnavailable(type(exc).__name__) from None
        # Our channel answers even its failures in Dutch JSON; anything else (a proxy's 502,
        # a server still starting) means Rasa is not there.
        try:
            replies = response.json()
        except ValueError:
            raise RasaUnavailable("no JSON") from None
        if isinstance(replies, dict) and isinstance(replies.get("message"), str):
            return [{"text": replies["message"]}]  # a Dutch reason (400, 413)
        if not isinstance(replies, list):
            raise RasaUnavailable("unexpected answer")
        return [r for r in replies if isinstance(r, dict)]

    def keep(self, chat_id: int, sender: str, message: str) -> bool:
        """Keep a message for later; False when this conversation already has MAX_WAITING."""
        _, messages = self.waiting.setdefault(chat_id, (sender, []))
        if len(messages) >= MAX_WAITING:
            return False
        messages.append(message)
        return True

    def forget(self, chat_id: int) -> None:
        self.waiting.pop(chat_id, None)

    async def flush(self, deliver: Deliver) -> int:
        """Send what waits, oldest conversation first, in order; stop at the first failure
        (Rasa still down). Returns the number of messages sent."""
        sent = 0
        async with self._flush_lock:
            for chat_id in list(self.waiting):
                sender, messages = self.waiting[chat_id]
                while messages:
                    try:
                        replies = await self.send(sender, messages[0])
                    except RasaUnavailable:
                        return sent
                    messages.pop(0)
                    sent += 1
                    await deliver(chat_id, replies)
                del self.waiting[chat_id]
        if sent:
            log.info("rasa is back: %d waiting message(s) sent", sent)
        return sent
