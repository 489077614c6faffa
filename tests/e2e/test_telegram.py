"""The Telegram bridge over the real protocol, without internet: a fake Bot API server on
loopback (tests/fakes/telegram_api.py), the real python-telegram-bot in the bridge process
(`python -m bot.channels.telegram`) pointed at it with TELEGRAM_API_BASE_URL, and the real
Rasa server and action server behind it (through a plug the tests can pull: "Rasa down")."""
from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import threading
import time
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from bot.channels.telegram.access import Access
from bot.config import ROOT
from tests.e2e.conftest import free_port
from tests.fakes.telegram_api import FakeBotApi

pytestmark = [pytest.mark.rasa_server, pytest.mark.telegram, pytest.mark.slow]

WORKER = 770011223  # allowed by TELEGRAM_ALLOWED_USER_IDS
WORKER_2 = 770011224
CODE = "veld-2026-A1"


class Plug:
    """An HTTP forwarder in front of the Rasa server that can be pulled out: stopped, its port
    refuses connections, as a Rasa server that is down; started again on the same port."""

    def __init__(self, target: str) -> None:
        self.target, self.port, self.server = target, free_port(), None

    def start(self) -> None:
        target = self.target

        class Forward(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                req = urllib.request.Request(target + self.path, body, {"Content-Type": "application/json"})
                try:
                    with urllib.request.urlopen(req, timeout=120) as resp:
                        status, data = resp.status, resp.read()
                except urllib.error.HTTPError as err:
                    status, data = err.code, err.read()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args) -> None:
                pass

        ThreadingHTTPServer.allow_reuse_address = True
        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Forward)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


@pytest.fixture(scope="module")
def telegram(stack, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("telegram")
    fake = FakeBotApi("123456:FAKE-TOKEN").start()
    plug = Plug(stack["base"])
    plug.start()
    env = {**os.environ, "TELEGRAM_BOT_TOKEN": fake.token, "TELEGRAM_API_BASE_URL": fake.base_url,
           "TELEGRAM_ALLOWED_USER_IDS": f"{WORKER},{WORKER_2}", "TELEGRAM_INVITE_CODES": CODE,
           "TELEGRAM_RASA_URL": plug.url, "TELEGRAM_ACCESS_FILE": str(tmp / "access.json"),
           "LOG_LEVEL": "DEBUG"}
    log_path = tmp / "telegram.log"
    log = open(log_path, "w")
    proc = subprocess.Popen([str(ROOT / ".venv/bin/python"), "-m", "bot.channels.telegram"], cwd=ROOT,
                            env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        fake.wait_for(lambda: fake.calls("setMyCommands") and fake.calls("getUpdates"), timeout=60)
    except TimeoutError:
        proc.kill()
        pytest.fail("the bridge did not start:\n" + log_path.read_text())
    salt = os.environ["NIETPLUIS_SENDER_SALT"]
    yield {"fake": fake, "plug": plug, "proc": proc, "log": log_path, "stack": stack,
           "access": Access([], [], salt, tmp / "unused.json")}
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
    log.close()
    plug.stop()
    fake.stop()


def texts_after(fake, chat_id: int, start: int) -> list[str]:
    return [m["text"] for m in fake.sent(chat_id)[start:]]


def turn(fake, chat_id: int, push, quiet: float = 1.5, timeout: float = 60) -> list[dict]:
    """Push one update and return what the bot sent for it (until it is quiet)."""
    start = len(fake.sent(chat_id))
    push()
    fake.wait_for(lambda: len(fake.sent(chat_id)) > start, timeout=timeout)
    count = -1
    while count != len(fake.sent(chat_id)):
        count = len(fake.sent(chat_id))
        time.sleep(quiet)
    return fake.sent(chat_id)[start:]


def buttons(message: dict) -> dict[str, str]:
    markup = message.get("reply_markup") or {}
    return {b["text"]: b["callback_data"] for row in markup.get("inline_keyboard", []) for b in row}


def rasa_events(stack, sender: str) -> list[dict]:
    url = f"{stack['base']}/conversations/{sender}/tracker?token={stack['token']}&include_events=ALL"
    with urllib.request.urlopen(url, timeout=60) as resp:
        return [e for e in json.load(resp).get("events") or [] if e.get("event") == "user"]


def test_the_commands_are_registered_in_dutch(telegram):
    commands = json.dumps(telegram["fake"].calls("setMyCommands")[-1][1])
    for command in ("melding", "stop", "help", "start"):
        assert f'"{command}"' in commands


def test_an_allowed_field_worker_reports_from_start_to_consent_with_inline_buttons(telegram):
    fake, user = telegram["fake"], WORKER
    who = {"username": "veldwerker_jan", "first_name": "Jan"}
    start = turn(fake, user, lambda: fake.push_command(user, "start", **who))
    said = "\n".join(m["text"] for m in start)
    assert "veldwerkers" in said and "112" in said
    assert all("parse_mode" not in m for m in start)  # plain text: nothing read as Markdown
    replies = turn(fake, user, lambda: fake.push_text(
        user, "Controle in een nagelsalon in Arnhem. Drie vrouwen slapen boven de zaak, werken van 8 tot 22 "
              "en een man neemt hun geld af. Ik ben toezichthouder.", **who))
    answers = {"Om hoeveel mensen": "drie vrouwen van rond de 25", "Sinds wanneer": "sinds een paar weken"}
    for _ in range(10):
        last = replies[-1]
        if "Dit heb ik genoteerd" in "\n".join(m["text"] for m in replies):
            break
        answer = next((a for q, a in answers.items() if q in last["text"]), None)
        if answer is None:
            options = buttons(last)
            choice = next((t for t in ("Voor mijn werk bij de gemeente", "Weet ik niet") if t in options), None)
            assert choice, (last["text"], options)
            replies = turn(fake, user, lambda: fake.push_callback(user, last["message_id"], options[choice], **who))
            assert fake.message(user, last["message_id"]).get("reply_markup") is None  # old buttons gone
        else:
            replies = turn(fake, user, lambda: fake.push_text(user, answer, **who))
    summary = replies[-1]
    assert "Ja, dit klopt" in buttons(summary), summary
    consent = turn(fake, user, lambda: fake.push_callback(user, summary["message_id"], buttons(summary)["Ja, dit klopt"]))
    ask = consent[-1]
    send = next(t for t in buttons(ask) if t.startswith(("Ja, stuur", "Versturen naar")))
    done = turn(fake, user, lambda: fake.push_callback(user, ask["message_id"], buttons(ask)[send]))
    assert re.search(r"\b[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}\b", "\n".join(m["text"] for m in done)), done
    assert fake.calls("answerCallbackQuery")
    # the Telegram id and names reached neither Rasa nor any log
    logs = "".join(p.read_text(errors="ignore") for p in (telegram["stack"]["tmp"] / "log").glob("*.log"))
    logs += telegram["log"].read_text()
    for secret in (str(user), "veldwerker_jan", fake.token):
        assert secret not in logs, secret
    assert rasa_events(telegram["stack"], telegram["access"].sender_id(user))


def test_an_invite_code_admits_once_and_not_twice(telegram):
    fake = telegram["fake"]
    first = turn(fake, 880001, lambda: fake.push_command(880001, "start", CODE))
    said = "\n".join(m["text"] for m in first)
    assert "toegang" in said and "112" in said
    second = turn(fake, 880002, lambda: fake.push_command(880002, "start", CODE))
    said = "\n".join(m["text"] for m in second)
    assert "werkt niet" in said and "alleen voor veldwerkers" in said
    assert not rasa_events(telegram["stack"], telegram["access"].sender_id(880002))
    # the admitted one stays admitted
    again = turn(fake, 880001, lambda: fake.push_text(880001, "Bij de kassen staan busjes met mannen."))
    assert not any("alleen voor veldwerkers" in m["text"] for m in again)


def test_an_unknown_user_is_refused_once_and_nothing_is_forwarded(telegram):
    fake, stranger = telegram["fake"], 990001
    refusal = turn(fake, stranger, lambda: fake.push_text(stranger, "Ik zag iets raars bij de buren"))
    assert len(refusal) == 1
    assert "112" in refusal[0]["text"] and "0800-7000" in refusal[0]["text"]
    turn(fake, stranger, lambda: fake.push_photo(stranger))
    assert not rasa_events(telegram["stack"], telegram["access"].sender_id(stranger))


def test_photos_and_locations_are_refused_and_never_downloaded(telegram):
    fake, user = telegram["fake"], WORKER_2
    for push in (fake.push_photo, fake.push_location, fake.push_voice, fake.push_document):
        reply = turn(fake, user, lambda: push(user), quiet=0.5)
        assert "foto's" in reply[-1]["text"] and "minderjarigen" in reply[-1]["text"]
    assert fake.downloads == [] and fake.calls("getFile") == []


def test_rasa_down_then_up_loses_nothing(telegram):
    fake, plug, user = telegram["fake"], telegram["plug"], WORKER_2
    plug.stop()
    try:
        down = turn(fake, user, lambda: fake.push_text(user, "Op het bedrijventerrein slapen mannen in containers."))
        assert "niet bereikbaar" in down[-1]["text"] and "zodra het weer kan" in down[-1]["text"]
    finally:
        plug.start()
    start = len(fake.sent(user))
    fake.wait_for(lambda: any("weer bereikbaar" in t for t in texts_after(fake, user, start)), timeout=60)
    time.sleep(2)
    back = texts_after(fake, user, start)
    assert len(back) >= 2, back  # the note and the answer to the kept message
    assert rasa_events(telegram["stack"], telegram["access"].sender_id(user))  # it did reach Rasa


def test_telegrams_429_is_waited_out(telegram):
    fake, user = telegram["fake"], WORKER_2
    fake.fail_next("sendMessage", status=429, retry_after=1)
    started = time.monotonic()
    reply = turn(fake, user, lambda: fake.push_command(user, "help"))
    assert "/melding" in reply[-1]["text"]
    assert time.monotonic() - started >= 1.0
    failed = [c for c in fake.calls("sendMessage")][-2:]
    assert len(failed) == 2  # the refused call and the one after the wait


def test_webhook_mode_takes_updates_only_with_the_secret_header(telegram, tmp_path):
    """With TELEGRAM_WEBHOOK_URL the bridge registers the webhook with its secret and listens
    on loopback (behind the TLS proxy); a post without the secret header is refused."""
    fake = FakeBotApi("654321:HOOK-TOKEN").start()
    port = free_port()
    env = {**os.environ, "TELEGRAM_BOT_TOKEN": fake.token, "TELEGRAM_API_BASE_URL": fake.base_url,
           "TELEGRAM_ALLOWED_USER_IDS": str(WORKER), "TELEGRAM_RASA_URL": telegram["plug"].url,
           "TELEGRAM_ACCESS_FILE": str(tmp_path / "access.json"),
           "TELEGRAM_WEBHOOK_URL": "https://chat.gemeente.example/telegram/hook",
           "TELEGRAM_WEBHOOK_SECRET": "s3cret-header-value", "TELEGRAM_WEBHOOK_PORT": str(port)}
    log = open(tmp_path / "hook.log", "w")
    proc = subprocess.Popen([str(ROOT / ".venv/bin/python"), "-m", "bot.channels.telegram"], cwd=ROOT,
                            env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        registered = fake.wait_for(lambda: fake.calls("setWebhook"), timeout=60)[-1][1]
        assert registered["url"] == "https://chat.gemeente.example/telegram/hook"
        assert registered["secret_token"] == "s3cret-header-value"
        update = fake.push_text(WORKER, "/help")
        update["message"]["entities"] = [{"type": "bot_command", "offset": 0, "length": 5}]

        def post(headers: dict) -> int:
            req = urllib.request.Request(f"http://127.0.0.1:{port}/telegram/hook", json.dumps(update).encode(),
                                         {"Content-Type": "application/json", **headers})
            for _ in range(30):  # the listener comes up right after setWebhook
                try:
                    with urllib.request.urlopen(req, timeout=10) as resp:
                        return resp.status
                except urllib.error.HTTPError as err:
                    return err.code
                except OSError:
                    time.sleep(0.5)
            raise AssertionError("the webhook listener did not come up")

        assert post({}) == 403
        assert post({"X-Telegram-Bot-Api-Secret-Token": "wrong"}) == 403
        assert fake.sent(WORKER) == []
        assert post({"X-Telegram-Bot-Api-Secret-Token": "s3cret-header-value"}) == 200
        assert "/melding" in fake.wait_for_sent(WORKER, 1, timeout=30)[-1]["text"]
        assert not fake.calls("getUpdates")  # no polling beside the webhook
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
        log.close()
        fake.stop()
