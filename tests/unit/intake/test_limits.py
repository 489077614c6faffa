from bot.intake import limits
from bot.intake.answers import MAX_CHARS


def test_text_is_bounded_above_what_the_intake_keeps():
    assert limits.bound_text("a" * 200_000) == "a" * limits.MAX_MESSAGE_CHARS
    assert limits.MAX_MESSAGE_CHARS > MAX_CHARS
    assert limits.bound_text("hallo") == "hallo"


def test_anything_but_text_counts_as_empty():
    for value in (None, 123456782, ["hallo"], {"naam": "x"}):
        assert limits.bound_text(value) == ""


def test_request_problems():
    assert limits.request_problem([1, 2]) == "http_not_an_object"
    assert limits.request_problem({"message": "hoi"}) == "http_no_sender"
    assert limits.request_problem({"sender": None, "message": "hoi"}) == "http_no_sender"
    assert limits.request_problem({"sender": " ", "message": "hoi"}) == "http_no_sender"
    assert limits.request_problem({"sender": "x" * 129, "message": "hoi"}) == "http_no_sender"
    assert limits.request_problem({"sender": "a"}) == "http_no_message"
    assert limits.request_problem({"sender": "a", "message": 5}) == "http_no_message"
    assert limits.request_problem({"sender": "a", "message": ""}) is None


def test_every_problem_has_a_dutch_text():
    from bot.intake.messages import Messages

    keys = Messages.from_yaml().keys()
    for key in ("http_not_json", "http_not_an_object", "http_no_sender", "http_no_message",
                "http_too_large", "http_busy", "http_failed"):
        assert key in keys
