"""The web server of the widget and the demo page: a fixed set of files, a strict CSP on
every answer, settings filled into the page as escaped text, nothing logged."""
from __future__ import annotations

import dataclasses
import threading
import urllib.error
import urllib.request

import pytest

from bot.config import Settings
from bot.web.server import ASSETS, make_server


@pytest.fixture
def web(capfd):
    settings = dataclasses.replace(Settings(), chat_url="http://chat.example:5005",
                                   exit_url='https://weer.example/?a=1&b="x"')
    server = make_server(settings, port=0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def get(url: str):
    try:
        with urllib.request.urlopen(url, timeout=10) as resp:
            return resp.status, dict(resp.headers), resp.read().decode("utf-8")
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers), err.read().decode("utf-8")


def test_the_demo_page_embeds_the_widget_with_the_settings_escaped(web):
    status, headers, body = get(web + "/")
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert 'src="/widget/niet-pluis-chat.js"' in body
    assert 'data-server="http://chat.example:5005"' in body
    assert 'data-exit-url="https://weer.example/?a=1&amp;b=&quot;x&quot;"' in body
    assert "{" not in body  # every placeholder filled


def test_every_answer_has_a_strict_csp_that_lets_messages_go_to_the_chat_server_only(web):
    for path in ("/", "/veilig-internetten", "/widget/niet-pluis-chat.js", "/nope"):
        _, headers, _ = get(web + path)
        csp = headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "style-src 'self'" in csp and "unsafe" not in csp
        assert "connect-src 'self' http://chat.example:5005;" in csp
        assert headers["Referrer-Policy"] == "no-referrer"
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert "Set-Cookie" not in headers


@pytest.mark.parametrize("path", ["/../pyproject.toml", "/widget/", "/web/demo/index.html",
                                  "/widget/../../bot/config.py", "/%2e%2e/README.md"])
def test_only_the_listed_files_are_served(web, path):
    status, _, body = get(web + path)
    assert status == 404 and "bestaat niet" in body


def test_the_theme_and_widget_are_served_from_this_origin(web):
    for path, kind in (("/widget/niet-pluis-chat.js", "text/javascript"), ("/theme/voorbeeld-theme.css", "text/css"),
                       ("/demo.css", "text/css")):
        status, headers, body = get(web + path)
        assert status == 200 and headers["Content-Type"].startswith(kind) and body, path
    assert set(ASSETS) >= {"/", "/veilig-internetten"}


def test_no_request_is_logged(web, capfd):
    get(web + "/?who=someone-192.0.2.7")
    out, err = capfd.readouterr()
    assert "192.0.2.7" not in out + err and "127.0.0.1" not in out + err and "GET" not in out + err


def test_cors_defaults_to_the_demo_page_and_never_allows_any_site():
    from bot.config import ConfigError

    assert Settings.from_env({"WEB_PORT": "8181"}).cors_origins == (
        "http://127.0.0.1:8181", "http://localhost:8181")
    assert Settings.from_env({"CORS_ORIGINS": "https://www.aalten.nl"}).cors_origins == ("https://www.aalten.nl",)
    assert Settings.from_env({"WEB_PORT": "0"}).cors_origins == ()
    with pytest.raises(ConfigError):
        Settings.from_env({"CORS_ORIGINS": "*"})
    assert Settings.from_env({"RASA_PORT": "6000"}).chat_url == "http://127.0.0.1:6000"
