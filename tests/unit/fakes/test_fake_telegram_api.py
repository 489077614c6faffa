"""The fake Bot API against the real python-telegram-bot client, so tests built on it can trust it."""
from __future__ import annotations

import asyncio
import threading
import time

import httpx
import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, InputFile, Update
from telegram.error import EndPointNotFound, InvalidToken, RetryAfter
from telegram.ext import ApplicationBuilder, CallbackQueryHandler, CommandHandler, ContextTypes

from tests.fakes.telegram_api import FakeBotApi


@pytest.fixture
def fake():
    with FakeBotApi() as api:
        yield api


def bot_for(fake: FakeBotApi, token: str | None = None) -> Bot:
    return Bot(token or fake.token, base_url=fake.base_url, base_file_url=fake.base_file_url)


async def test_get_me(fake):
    async with bot_for(fake) as bot:  # initialize() itself calls getMe
        me = await bot.get_me()
    assert me.id == 123 and me.is_bot and me.username == "fake_test_bot"
    assert fake.calls("getme")[0][0] == "getMe"


async def test_send_message_records_decoded_params(fake):
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("Ja", callback_data="yes"),
                                    InlineKeyboardButton("Nee", callback_data="no")]])
    async with bot_for(fake) as bot:
        first = await bot.send_message(42, "123", reply_markup=markup, parse_mode="HTML")
        second = await bot.send_message(42, "tweede")
        edited = await bot.edit_message_reply_markup(42, first.message_id)
    assert first.text == "123" and first.chat.id == 42 and first.reply_markup == markup
    assert second.message_id == first.message_id + 1 and second.from_user.is_bot
    assert edited.reply_markup is None
    sent = fake.sent(42)
    assert sent[0]["text"] == "123"  # a numeric-looking text stays a string
    assert sent[0]["parse_mode"] == "HTML" and sent[0]["chat_id"] == 42
    assert sent[0]["reply_markup"] == {"inline_keyboard": [
        [{"text": "Ja", "callback_data": "yes"}, {"text": "Nee", "callback_data": "no"}]]}
    assert [s["message_id"] for s in sent] == [first.message_id, second.message_id]
    assert fake.sent(7) == []


async def test_pushed_updates_parse_and_offset_confirms(fake):
    fake.push_text(42, "hallo", username="piet")
    fake.push_command(42, "start", "ABC")
    for push in (fake.push_photo, fake.push_voice, fake.push_video, fake.push_document,
                 fake.push_sticker, fake.push_location):
        push(42)
    async with bot_for(fake) as bot:
        sent = await bot.send_message(42, "Kies", reply_markup=InlineKeyboardMarkup(
            [[InlineKeyboardButton("A", callback_data="a")]]))
        fake.push_callback(42, sent.message_id, "a")
        updates = await bot.get_updates(timeout=0)
        assert len(updates) == 9
        text, command, photo, voice, video, document, sticker, location, callback = updates
        assert text.message.text == "hallo" and text.effective_user.username == "piet"
        assert command.message.parse_entities()[command.message.entities[0]] == "/start"
        assert photo.message.photo[-1].width == 1280 and voice.message.voice.duration == 3
        assert video.message.video.mime_type == "video/mp4"
        assert document.message.document.file_name == "document.pdf"
        assert sticker.message.sticker.emoji and location.message.location.latitude
        assert callback.callback_query.data == "a"
        assert callback.callback_query.message.reply_markup == sent.reply_markup
        for update in updates:  # every field was known to PTB: nothing left over
            assert not update.api_kwargs
            assert not (update.effective_message and update.effective_message.api_kwargs)

        file = await bot.get_file(voice.message.voice.file_id)
        content = await file.download_as_bytearray()
        assert file.file_path.endswith(fake.downloads[0]) and len(fake.downloads) == 1
        assert fake.downloads[0].startswith("voice/") and bytes(content).startswith(b"fake")

        rest = await bot.get_updates(offset=location.update_id, timeout=0)
        assert [u.update_id for u in rest] == [location.update_id, callback.update_id]
        assert await bot.get_updates(offset=callback.update_id + 1, timeout=0) == ()


async def test_long_poll_returns_when_an_update_arrives(fake):
    async with bot_for(fake) as bot:
        assert await bot.get_updates(timeout=0) == ()
        timer = threading.Timer(0.3, fake.push_text, (42, "later"))
        timer.start()
        started = time.monotonic()
        updates = await bot.get_updates(timeout=2)
        waited = time.monotonic() - started
    assert [u.message.text for u in updates] == ["later"]
    assert 0.2 < waited < 1.5


async def test_fail_next_gives_retry_after(fake):
    fake.fail_next("sendMessage", retry_after=3, count=2)
    async with bot_for(fake) as bot:
        for _ in range(2):
            with pytest.raises(RetryAfter) as caught:
                await bot.send_message(42, "te snel")
            delay = caught.value.retry_after
            assert (delay if isinstance(delay, int) else delay.total_seconds()) == 3
        await bot.send_message(42, "nu wel")
    assert [s["text"] for s in fake.sent(42)] == ["nu wel"]
    assert len(fake.calls("sendMessage")) == 3


async def test_wrong_token_and_unknown_method(fake):
    with pytest.raises(InvalidToken):
        await bot_for(fake, "999:WRONG").get_me()
    async with bot_for(fake) as bot:
        # PTB turns the 404 "method not found" of do_api_request into its own error
        with pytest.raises(EndPointNotFound):
            await bot.do_api_request("noSuchMethod")


async def test_application_polls_and_replies(fake):
    def fake_threads() -> list[threading.Thread]:
        # the fake's serve_forever thread and its request threads (asyncio.to_thread's
        # executor threads belong to the event loop, which closes them itself)
        return [t for t in threading.enumerate()
                if t.name == "fake-telegram-api" or "process_request" in t.name]

    async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await update.message.reply_text(f"Welkom {' '.join(context.args)}")

    async def button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await update.callback_query.answer()

    app = (ApplicationBuilder().token(fake.token).base_url(fake.base_url)
           .base_file_url(fake.base_file_url).build())
    app.add_handler(CommandHandler("start", start))
    app.add_handler(CallbackQueryHandler(button))
    async with app:
        await app.start()
        await app.updater.start_polling(poll_interval=0)
        fake.push_command(42, "start", "ABC")
        [reply] = await asyncio.to_thread(fake.wait_for_sent, 42, 1, 10)
        fake.push_callback(42, reply["message_id"], "x")
        await asyncio.to_thread(fake.wait_for, lambda: fake.calls("answerCallbackQuery"), 10)
        await app.updater.stop()
        await app.stop()
    assert reply["text"] == "Welkom ABC"
    assert not app.running and not app.updater.running
    fake.stop()  # ends the fake's threads too, including a long poll the updater abandoned
    time.sleep(0.1)
    assert fake_threads() == []


async def test_multipart_and_json_bodies_are_decoded(fake):
    async with bot_for(fake) as bot:  # an upload makes PTB switch to multipart/form-data
        with pytest.raises(EndPointNotFound):  # recorded even though the fake lacks the method
            await bot.do_api_request("sendDocument", {
                "chat_id": 42, "caption": "007", "disable_notification": True,
                "document": InputFile(b"%PDF-1.4", filename="a.pdf")})
    [(_, params)] = fake.calls("senddocument")
    assert params == {"chat_id": 42, "caption": "007", "disable_notification": True,
                      "document": {"filename": "a.pdf", "content": b"%PDF-1.4"}}
    async with httpx.AsyncClient() as client:
        answer = await client.post(f"{fake.base_url}{fake.token}/SENDMESSAGE",
                                   json={"chat_id": 42, "text": "json"})
    assert answer.json()["result"]["text"] == "json" and fake.sent(42)[0]["text"] == "json"
