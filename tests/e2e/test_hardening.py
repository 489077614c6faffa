"""Issue 12's red-team findings against the real stack: bounded requests, Dutch errors, only
Rasa calls the action server, no CORS for strangers, a crashed process comes back, nothing
of the user in the logs, private files."""
from __future__ import annotations

import json
import os
import signal
import stat
import time
import urllib.error
import urllib.request

import pytest

from tests.e2e.chat import say, slots, texts, tracker
from tests.e2e.test_conversations import CODE, intake

pytestmark = [pytest.mark.rasa_server, pytest.mark.slow]


def post(url: str, body: bytes, headers: dict | None = None) -> tuple[int, bytes, dict]:
    req = urllib.request.Request(url, body, {"Content-Type": "application/json", **(headers or {})})
    try:
        with urllib.request.urlopen(req, timeout=120) as resp:
            return resp.status, resp.read(), dict(resp.headers)
    except urllib.error.HTTPError as err:
        return err.code, err.read(), dict(err.headers)


def rest(stack) -> str:
    return stack["base"] + "/webhooks/rest/webhook"


def logs(stack) -> str:
    return "\n".join(p.read_text(errors="replace") for p in (stack["tmp"] / "log").glob("*.log"))


@pytest.mark.parametrize("body", [
    b"{niet: json", b"", b"[1, 2]", b'"hallo"',
    json.dumps({"message": "hallo"}).encode(),
    json.dumps({"sender": None, "message": "hallo"}).encode(),
    json.dumps({"sender": "  ", "message": "hallo"}).encode(),
    json.dumps({"sender": "x" * 500, "message": "hallo"}).encode(),
    json.dumps({"sender": "bad-request-1"}).encode(),
    json.dumps({"sender": "bad-request-2", "message": 123456782}).encode(),
    json.dumps({"sender": "bad-request-3", "message": ["hallo"]}).encode(),
])
def test_a_request_rasa_cannot_use_gets_a_dutch_json_error(stack, body):
    status, raw, headers = post(rest(stack), body)
    assert status == 400
    answer = json.loads(raw)
    assert answer["error"] and " " in answer["message"]
    assert any(w in answer["message"] for w in ("Stuur", "ontbreekt", "Geef")), answer


def test_no_request_lands_in_a_shared_default_conversation(stack):
    post(rest(stack), json.dumps({"message": "Mijn buurman Kees Geheimstra"}).encode())
    events = tracker(stack, "default").get("latest_message") or {}
    assert not events.get("text")


def test_a_huge_body_is_refused_in_dutch_and_the_server_keeps_serving(stack):
    body = json.dumps({"sender": "huge-1", "message": "a " * 100_000}).encode()
    status, raw, _ = post(rest(stack), body)
    assert status == 413
    assert "te groot" in json.loads(raw)["message"]
    assert "Niet-pluis" in texts(say(stack, "huge-2", "hallo"))


def test_a_long_message_is_cut_before_nlu_and_the_user_is_told(stack):
    sender = "long-1"
    say(stack, sender, "hallo")
    story = ("In de kas aan de overkant werken elke dag dezelfde mannen van zes tot tien. " * 700)
    assert len(story) > 50_000
    reply = texts(say(stack, sender, story))
    assert "erg lang" in reply
    seen = tracker(stack, sender)["latest_message"]["text"]
    assert len(seen) <= 5_000


def test_only_rasa_may_call_the_action_server(stack):
    url = f"http://127.0.0.1:{stack['action_port']}"
    forged = json.dumps({"next_action": "action_submit_report", "sender_id": "forged",
                         "tracker": {"sender_id": "forged", "slots": {}, "events": []},
                         "domain": {}, "version": "3.6.21"}).encode()
    for headers in ({}, {"X-Nietpluis-Action-Token": "geraden"}):
        status, raw, _ = post(url + "/webhook", forged, headers)
        assert status == 403, raw
    with urllib.request.urlopen(url + "/health", timeout=10) as resp:
        assert resp.status == 200


@pytest.mark.parametrize("which", ["rasa", "actions"])
def test_no_cross_origin_access_for_a_stranger(stack, which):
    base = stack["base"] if which == "rasa" else f"http://127.0.0.1:{stack['action_port']}"
    req = urllib.request.Request(base + ("/" if which == "rasa" else "/health"),
                                 headers={"Origin": "https://kwaadwillend.example"})
    with urllib.request.urlopen(req, timeout=10) as resp:
        assert "Access-Control-Allow-Origin" not in resp.headers
        assert "Access-Control-Allow-Credentials" not in resp.headers


def test_too_many_waiting_messages_of_one_sender_get_a_wait_reply(stack):
    import concurrent.futures

    sender = "flood-1"
    say(stack, sender, "hallo")
    bodies = [json.dumps({"sender": sender, "message": f"Bij de buren wonen {i} mannen."}).encode()
              for i in range(30)]
    with concurrent.futures.ThreadPoolExecutor(30) as pool:
        results = list(pool.map(lambda body: post(rest(stack), body), bodies))
    for status, raw, _ in results:
        replies = json.loads(raw)
        assert replies, "an empty reply leaves the user with nothing"
        assert status in (200, 429)
    assert any(status == 429 and "Wacht even" in texts(json.loads(raw)) for status, raw, _ in results)


def test_user_text_in_a_slash_message_or_an_odd_value_never_reaches_the_log(stack):
    post(rest(stack), json.dumps({"sender": "log-1", "message": '/affirm{"x": Geheimstra-Vlierboom'}).encode())
    post(rest(stack), json.dumps({"sender": "log-2", "message": 987654329}).encode())
    post(rest(stack), json.dumps({"sender": "log-3", "message": {"naam": "Vlierboomsma"}}).encode())
    time.sleep(1)
    text = logs(stack)
    for secret in ("Geheimstra", "Vlierboom", "987654329"):
        assert secret not in text, secret


def test_a_crashed_action_server_is_restarted_and_the_conversation_goes_on(stack):
    pid_file = stack["tmp"] / "run" / "actions.pid"
    old = int(pid_file.read_text())
    sender = "crash-1"
    say(stack, sender, "hallo")
    assert "gemeente" in texts(say(stack, sender, "Op het terrein werken mannen die daar ook slapen.")).lower()
    os.kill(old, signal.SIGKILL)
    deadline = time.time() + 180
    while time.time() < deadline:
        try:
            new = int(pid_file.read_text())
            if new != old:
                with urllib.request.urlopen(f"http://127.0.0.1:{stack['action_port']}/health", timeout=5):
                    break
        except (OSError, ValueError):
            pass
        time.sleep(1)
    else:
        pytest.fail("the action server did not come back")
    assert "plek" in texts(say(stack, sender, "Westland"))
    assert "actions stopped" in (stack["tmp"] / "log" / "supervisor.log").read_text()


def test_files_under_var_are_private(stack):
    say(stack, "perm-1", "hallo")
    found = 0
    for path in stack["tmp"].rglob("*"):
        mode = stat.S_IMODE(path.stat().st_mode)
        if path.is_dir():
            assert mode & 0o077 == 0, f"{path} is {oct(mode)}"
        elif path.is_file():
            found += 1
            assert mode & 0o077 == 0, f"{path} is {oct(mode)}"
    assert found >= 3


def test_a_gemeente_given_as_the_place_is_asked_again(stack):
    """Manual run: "Arnhem" to "Wat voor plek was het?" was stored as "een andere plek"."""
    sender = "place-gemeente-1"
    say(stack, sender, "hallo")
    # (no kind of place in the story: a story that names one is not asked it, issue 13)
    assert "Wat voor plek" in texts(say(stack, sender, "In Arnhem slapen de meisjes ook op de werkplek"))
    again = texts(say(stack, sender, "Arnhem"))
    assert "naam van een plaats" in again and "Wat voor plek" in again
    assert "hoeveel mensen" in texts(say(stack, sender, "een salon"))


def test_a_double_tap_is_read_once_so_a_second_yes_never_answers_an_unseen_question(stack):
    """Persona run: "ja" sent twice confirmed the summary and then, unseen, the consent question."""
    import concurrent.futures

    sender = "double-tap-1"
    intake(stack, sender, role="ik ben wijkagent")
    body = json.dumps({"sender": sender, "message": "ja"}).encode()
    first = post(rest(stack), body)
    second = post(rest(stack), body)  # right after: a double tap, not an answer to the next question
    assert "Mag ik deze samenvatting" in texts(json.loads(first[1]))
    assert second[0] == 200 and "twee keer" in texts(json.loads(second[1]))
    assert slots(stack, sender)["phase"] == "consent" and not slots(stack, sender).get("report_state")
    # two taps at once on the button: one is read
    tap = json.dumps({"sender": sender, "message": "/affirm"}).encode()
    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        replies = [json.loads(raw) for _, raw, _ in pool.map(lambda _: post(rest(stack), tap), range(2))]
    assert sum(bool(CODE.search(texts(r))) for r in replies) == 1
