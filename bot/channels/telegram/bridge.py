"""The Telegram bridge: python-telegram-bot 22 in front of the Rasa server's REST channel.

`python -m bot.channels.telegram` (started by `make run` when TELEGRAM_BOT_TOKEN is set).
Each admitted field worker's messages go to Rasa under a salted hash of their Telegram id;
Rasa's replies come back as plain text, its buttons as an inline keyboard. Nobody else gets
further than one polite refusal, and nothing of theirs is forwarded or kept. Photos, voice,
video, files, stickers and locations are refused without being downloaded. Logs hold counts
and error types only: no ids, names or text.
"""
from __future__ import annotations

import asyncio
import datetime as dt
import logging
import time
from collections import defaultdict, deque
from typing import Any

from telegram import BotCommand, Update
from telegram.constants import ChatAction
from telegram.error import NetworkError, RetryAfter, TelegramError, TimedOut
from telegram.ext import (
    Application,
    ApplicationBuilder,
    ApplicationHandlerStop,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot.channels.telegram.access import Access
from bot.channels.telegram.rasa import RasaClient, RasaUnavailable
from bot.channels.telegram.texts import keyboard, split_message
from bot.config import Settings, TelegramSettings

log = logging.getLogger(__name__)

#: what "/melding" says to Rasa: announcing a report, as a user would
NEW_REPORT = "Ik wil iets melden"
#: what the chat clients send when they open (rasa_ext/channels.py): the welcome with 112
OPENING = "/get_started"
COMMANDS = [("melding", "Een nieuwe melding"), ("stop", "Stoppen en alles wissen"),
            ("help", "Hoe werkt dit?"), ("start", "Uitleg en beginnen")]
MEDIA = (filters.PHOTO | filters.VIDEO | filters.VIDEO_NOTE | filters.VOICE | filters.AUDIO
         | filters.Document.ALL | filters.Sticker.ALL | filters.ANIMATION | filters.LOCATION
         | filters.VENUE | filters.CONTACT | filters.POLL | filters.Dice.ALL)
RETRY_SECONDS = 5.0
SEND_ATTEMPTS = 4


class RateLimit:
    """At most `per_minute` messages per user in any 60 s; the user hears it once per burst."""

    def __init__(self, per_minute: int, clock=time.monotonic) -> None:
        self.per_minute, self.clock = per_minute, clock
        self._times: dict[int, deque] = defaultdict(deque)
        self._told: dict[int, float] = {}

    def allow(self, user_id: int) -> tuple[bool, bool]:
        """(allowed, tell the user now)."""
        now, times = self.clock(), self._times[user_id]
        while times and now - times[0] >= 60:
            times.popleft()
        if len(times) >= self.per_minute:
            tell = now - self._told.get(user_id, -1e9) >= 60
            if tell:
                self._told[user_id] = now
            return False, tell
        times.append(now)
        return True, False


def _seconds(value: Any) -> float:
    return value.total_seconds() if isinstance(value, dt.timedelta) else float(value)


class Bridge:
    def __init__(self, settings: Settings, access: Access, rasa: RasaClient, messages: Any) -> None:
        self.settings = settings
        self.access = access
        self.rasa = rasa
        self.messages = messages
        tg: TelegramSettings = settings.telegram  # type: ignore[assignment]
        self.limit = RateLimit(tg.rate_per_minute)
        self.started: set[int] = set()  # chats that saw the welcome since this process started
        self._retry_task: asyncio.Task | None = None

    def text(self, key: str) -> str:
        return self.messages.render(key)["text"]

    # ------------------------------------------------------------------ sending
    async def send(self, bot: Any, chat_id: int, text: str, markup: Any = None) -> None:
        """Plain text in pieces Telegram takes; Telegram's 429 waited out, a network error
        tried again; the keyboard goes with the last piece."""
        pieces = split_message(text) or [""]
        for i, piece in enumerate(pieces):
            for attempt in range(SEND_ATTEMPTS):
                try:
                    await bot.send_message(chat_id, piece, reply_markup=markup if i == len(pieces) - 1 else None)
                    break
                except RetryAfter as exc:
                    await asyncio.sleep(_seconds(exc.retry_after) + 0.1)
                except (TimedOut, NetworkError):
                    if attempt == SEND_ATTEMPTS - 1:
                        raise
                    await asyncio.sleep(1.0 + attempt)

    async def deliver(self, bot: Any, chat_id: int, replies: list[dict]) -> None:
        for reply in replies:
            text = reply.get("text") if isinstance(reply.get("text"), str) else ""
            markup = keyboard(reply.get("buttons") or [])
            if text or markup:
                await self.send(bot, chat_id, text or self.text("telegram_choose"), markup)

    async def forward(self, update: Update, context: ContextTypes.DEFAULT_TYPE, message: str) -> None:
        chat_id, user_id = update.effective_chat.id, update.effective_user.id
        sender = self.access.sender_id(user_id)
        if chat_id in self.rasa.waiting:  # earlier messages still wait: keep the order
            await self._keep(context.bot, chat_id, sender, message)
            return
        try:
            await context.bot.send_chat_action(chat_id, ChatAction.TYPING)
        except TelegramError:
            pass  # only a courtesy
        try:
            replies = await self.rasa.send(sender, message)
        except RasaUnavailable:
            await self._keep(context.bot, chat_id, sender, message)
            return
        self.started.add(chat_id)
        await self.deliver(context.bot, chat_id, replies)

    async def _keep(self, bot: Any, chat_id: int, sender: str, message: str) -> None:
        kept = self.rasa.keep(chat_id, sender, message)
        await self.send(bot, chat_id, self.text("telegram_rasa_down" if kept else "telegram_rasa_down_full"))

    async def retry_waiting(self, bot: Any) -> None:
        """Every few seconds: send what waits for Rasa, once it answers again."""
        async def deliver(chat_id: int, replies: list[dict]) -> None:
            await self.send(bot, chat_id, self.text("telegram_rasa_back"))
            await self.deliver(bot, chat_id, replies)

        while True:
            await asyncio.sleep(RETRY_SECONDS)
            if self.rasa.waiting:
                try:
                    await self.rasa.flush(deliver)
                except Exception as exc:  # noqa: BLE001 - keep retrying; the operator gets a type
                    log.error("telegram: retrying waiting messages failed (%s)", type(exc).__name__)

    # ------------------------------------------------------------------ handlers
    async def gate(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Before every handler: only admitted users, at a human pace. Everyone else gets one
        refusal and nothing of theirs goes further."""
        user, chat = update.effective_user, update.effective_chat
        if user is None or chat is None or chat.type != "private":
            raise ApplicationHandlerStop  # groups, channels, inline queries: not for us
        message = update.effective_message
        text = (message.text or "") if message is not None else ""
        if not self.access.is_admitted(user.id):
            code = text.split(maxsplit=1)[1] if text.startswith("/start") and len(text.split()) > 1 else ""
            if code and self.access.redeem(user.id, code):
                await self.send(context.bot, chat.id, self.text("telegram_admitted"))
                return  # on to /start
            if update.callback_query is not None:
                await update.callback_query.answer()
            refusal = self.text("telegram_refused")
            if code:
                refusal = self.text("telegram_code_invalid") + " " + refusal
            await self.send(context.bot, chat.id, refusal)
            raise ApplicationHandlerStop
        allowed, tell = self.limit.allow(user.id)
        if not allowed:
            if update.callback_query is not None:
                await update.callback_query.answer()
            if tell:
                await self.send(context.bot, chat.id, self.text("telegram_too_fast"))
            raise ApplicationHandlerStop

    async def start(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        chat_id = update.effective_chat.id
        await self.send(context.bot, chat_id, self.text("telegram_intro"))
        if chat_id in self.started:
            await self.send(context.bot, chat_id, self.text("telegram_running"))
            return
        await self.forward(update, context, OPENING)  # the welcome, with 112

    async def new_report(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await self.forward(update, context, NEW_REPORT)

    async def stop(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        self.rasa.forget(update.effective_chat.id)  # nothing waits any more either
        self.started.discard(update.effective_chat.id)
        await self.forward(update, context, "stop")

    async def help(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await self.send(context.bot, update.effective_chat.id, self.text("telegram_help"))

    async def text_message(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await self.forward(update, context, update.effective_message.text)

    async def media(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        # Never get_file: the file is not downloaded, not forwarded, not kept.
        await self.send(context.bot, update.effective_chat.id, self.text("telegram_no_media"))

    async def button(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        await query.answer()
        try:
            await query.edit_message_reply_markup(reply_markup=None)  # an old question's buttons go
        except TelegramError:
            pass  # already gone (a second press): the answer still counts once below
        if isinstance(query.data, str) and query.data:
            await self.forward(update, context, query.data)

    async def on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        log.error("telegram: handling an update failed (%s)", type(context.error).__name__)
        if isinstance(update, Update) and update.effective_chat is not None:
            try:
                await self.send(context.bot, update.effective_chat.id, self.messages.render("http_failed")["text"])
            except TelegramError:
                pass

    # ------------------------------------------------------------------ lifecycle
    async def post_init(self, application: Application) -> None:
        await application.bot.set_my_commands([BotCommand(c, d) for c, d in COMMANDS])
        self._retry_task = asyncio.create_task(self.retry_waiting(application.bot))

    async def post_shutdown(self, application: Application) -> None:
        if self._retry_task is not None:
            self._retry_task.cancel()
        await self.rasa.close()

    def application(self) -> Application:
        tg: TelegramSettings = self.settings.telegram  # type: ignore[assignment]
        app = (ApplicationBuilder().token(tg.token).base_url(tg.api_base_url)
               .base_file_url(tg.file_base_url).post_init(self.post_init)
               .post_shutdown(self.post_shutdown).build())
        app.add_handler(TypeHandler(Update, self.gate), group=-1)
        app.add_handler(CommandHandler("start", self.start))
        app.add_handler(CommandHandler("melding", self.new_report))
        app.add_handler(CommandHandler("stop", self.stop))
        app.add_handler(CommandHandler("help", self.help))
        app.add_handler(MessageHandler(filters.COMMAND, self.help))  # an unknown command
        app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, self.text_message))
        app.add_handler(MessageHandler(MEDIA, self.media))
        app.add_handler(CallbackQueryHandler(self.button))
        app.add_error_handler(self.on_error)
        return app


def build(settings: Settings) -> tuple[Bridge, Application]:
    from bot.intake.messages import Messages

    tg = settings.telegram
    if tg is None:
        raise SystemExit("TELEGRAM_BOT_TOKEN is niet gezet / not set: no Telegram bridge")
    access = Access(tg.allowed_user_ids, tg.invite_codes, settings.require_sender_salt().decode(), tg.access_file)
    rasa = RasaClient(tg.rasa_url or f"http://127.0.0.1:{settings.rasa_port}")
    bridge = Bridge(settings, access, rasa, Messages.from_yaml(settings.content_dir / "messages.yml"))
    return bridge, bridge.application()


def main() -> None:
    from bot.privacy.logging_setup import configure_logging

    settings = Settings.from_env()
    configure_logging(settings.log_level)
    bridge, app = build(settings)
    tg = settings.telegram
    updates = ["message", "callback_query"]  # an edited message is not sent twice
    log.info("telegram bridge: %s, %d allowed user(s), %d invite code(s)",
             "webhook" if tg.webhook_url else "long polling", len(tg.allowed_user_ids), len(tg.invite_codes))
    if tg.webhook_url:
        # Telegram posts to webhook_url (a TLS proxy in front of this port); PTB checks the
        # X-Telegram-Bot-Api-Secret-Token header against the secret
        from urllib.parse import urlsplit

        app.run_webhook(listen="127.0.0.1", port=tg.webhook_port, url_path=urlsplit(tg.webhook_url).path.lstrip("/"),
                        webhook_url=tg.webhook_url, secret_token=tg.webhook_secret, allowed_updates=updates)
    else:
        app.run_polling(allowed_updates=updates)
