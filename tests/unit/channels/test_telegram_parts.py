"""The Telegram bridge's own parts: who is admitted (and what is kept of them), long replies
split where a sentence ends, buttons as an inline keyboard, the per-user rate limit."""
from __future__ import annotations

import json

import pytest

from bot.channels.telegram.access import Access
from bot.channels.telegram.bridge import RateLimit
from bot.channels.telegram.texts import keyboard, split_message

SALT = "telegram-test-salt-0123456789abcdef"


def test_allowed_ids_are_admitted_and_others_not(tmp_path):
    access = Access([111], [], SALT, tmp_path / "access.json")
    assert access.is_admitted(111)
    assert not access.is_admitted(222)


def test_an_invite_code_admits_once_and_only_hashes_are_kept(tmp_path):
    path = tmp_path / "access.json"
    access = Access([], ["OPEN-SESAM-42"], SALT, path)
    assert not access.redeem(333, "wrong")
    assert access.redeem(333, " OPEN-SESAM-42 ")
    assert access.is_admitted(333)
    assert not access.redeem(444, "OPEN-SESAM-42")  # used up
    assert not access.redeem(333, "OPEN-SESAM-42")
    assert not access.is_admitted(444)
    stored = path.read_text("utf-8")
    assert "333" not in stored and "OPEN-SESAM" not in stored
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    # a restart keeps who was admitted and which codes are used
    again = Access([], ["OPEN-SESAM-42"], SALT, path)
    assert again.is_admitted(333) and not again.redeem(555, "OPEN-SESAM-42")
    assert json.loads(stored)["admitted"]


def test_the_sender_id_towards_rasa_is_a_salted_hash(tmp_path):
    a = Access([], [], SALT, tmp_path / "a.json")
    b = Access([], [], SALT + "-other", tmp_path / "b.json")
    assert a.sender_id(123456789) == a.sender_id(123456789)
    assert "123456789" not in a.sender_id(123456789)
    assert a.sender_id(123456789) != b.sender_id(123456789)


def test_long_replies_are_split_at_sentence_ends_within_the_limit():
    sentence = "Dit is een zin over wat er gebeurde. "
    text = sentence * 300  # ~11 000 characters
    pieces = split_message(text, 4096)
    assert len(pieces) == 3 and all(len(p) <= 4096 for p in pieces)
    assert all(p.endswith(".") for p in pieces)
    assert " ".join(pieces) == text.strip()


def test_a_text_without_sentence_ends_is_split_at_spaces_or_hard():
    assert all(len(p) <= 100 for p in split_message("woord " * 100, 100))
    assert split_message("x" * 250, 100) == ["x" * 100, "x" * 100, "x" * 50]
    assert split_message("kort", 100) == ["kort"]


def test_buttons_become_one_inline_button_per_row_with_the_payload():
    markup = keyboard([{"title": "Ja, dit klopt", "payload": "/affirm"},
                       {"title": "Te lang", "payload": "/x" + "y" * 80},
                       {"title": "Weet ik niet", "payload": "/dont_know"}])
    rows = markup.inline_keyboard
    assert [(r[0].text, r[0].callback_data) for r in rows] == [("Ja, dit klopt", "/affirm"),
                                                               ("Weet ik niet", "/dont_know")]
    assert keyboard([]) is None


def test_the_rate_limit_allows_twenty_a_minute_and_says_so_once():
    now = [0.0]
    limit = RateLimit(20, clock=lambda: now[0])
    assert all(limit.allow(1) == (True, False) for _ in range(20))
    assert limit.allow(1) == (False, True)
    assert limit.allow(1) == (False, False)  # told once per burst
    assert limit.allow(2) == (True, False)  # per user
    now[0] = 61.0
    assert limit.allow(1) == (True, False)


@pytest.mark.parametrize("base, files", [
    ("https://api.telegram.org/bot", "https://api.telegram.org/file/bot"),
    ("http://127.0.0.1:9000/bot/", "http://127.0.0.1:9000/file/bot"),
    ("http://proxy.local/tg", "http://proxy.local/tg/file"),
])
def test_the_file_url_follows_the_api_url(base, files):
    from bot.config import TelegramSettings

    assert TelegramSettings(token="1:x", api_base_url=base).file_base_url == files


def test_messages_kept_while_rasa_is_down_go_out_in_order_once_it_is_back():
    import asyncio

    from bot.channels.telegram.rasa import MAX_WAITING, RasaClient, RasaUnavailable

    async def run() -> tuple[list, list, bool]:
        client = RasaClient("http://127.0.0.1:9")
        up, sent, delivered = False, [], []

        async def send(sender, message):
            if not up:
                raise RasaUnavailable("down")
            sent.append((sender, message))
            return [{"text": f"antwoord op {message}"}]

        client.send = send
        assert client.keep(1, "tg-a", "eerste") and client.keep(1, "tg-a", "tweede")
        assert client.keep(2, "tg-b", "ander")
        assert await client.flush(lambda chat, replies: asyncio.sleep(0)) == 0  # still down
        up = True

        async def deliver(chat, replies):
            delivered.append((chat, replies[0]["text"]))

        await client.flush(deliver)
        full = RasaClient("http://127.0.0.1:9")
        kept = [full.keep(3, "tg-c", str(i)) for i in range(MAX_WAITING + 1)]
        await client.close()
        await full.close()
        return sent, delivered, kept

    sent, delivered, kept = asyncio.run(run())
    assert sent == [("tg-a", "eerste"), ("tg-a", "tweede"), ("tg-b", "ander")]
    assert delivered == [(1, "antwoord op eerste"), (1, "antwoord op tweede"), (2, "antwoord op ander")]
    assert kept == [True] * MAX_WAITING + [False]
