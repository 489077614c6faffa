"""Serve the chat widget, the NL Design System theme it reads and a demo municipal page, from
one origin (`python -m bot.web`, started by scripts/run.sh on WEB_PORT).

A small fixed set of files, nothing else: no directory listing, no user input in any path.
Every page carries a strict Content-Security-Policy (scripts and styles from this origin only,
no inline code) so the demo shows the widget works under what municipal sites require. No
request is logged: no IP address, no path, no user agent.
"""
from __future__ import annotations

import html
import logging
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

from bot.config import ROOT, Settings

log = logging.getLogger(__name__)

WEB_DIR = ROOT / "web"
THEME = WEB_DIR / "node_modules/@nl-design-system-unstable/voorbeeld-design-tokens/dist/theme.css"


@dataclass(frozen=True)
class Asset:
    path: Path
    content_type: str
    template: bool = False  # an HTML page with {chat_url}-style settings filled in


ASSETS: dict[str, Asset] = {
    "/": Asset(WEB_DIR / "demo/index.html", "text/html; charset=utf-8", template=True),
    "/veilig-internetten": Asset(WEB_DIR / "demo/veilig-internetten.html", "text/html; charset=utf-8", template=True),
    "/demo.css": Asset(WEB_DIR / "demo/demo.css", "text/css; charset=utf-8"),
    "/widget/niet-pluis-chat.js": Asset(WEB_DIR / "widget/niet-pluis-chat.js", "text/javascript; charset=utf-8"),
    "/theme/voorbeeld-theme.css": Asset(THEME, "text/css; charset=utf-8"),
}


def origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def content_security_policy(chat_url: str) -> str:
    """Only this origin's scripts and styles, and messages only to the chat server."""
    return ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
            f"font-src 'self'; connect-src 'self' {origin(chat_url)}; base-uri 'none'; "
            "form-action 'none'; frame-ancestors 'none'")


def page_values(settings: Settings) -> dict[str, str]:
    return {"chat_url": html.escape(settings.chat_url, quote=True),
            "exit_url": html.escape(settings.exit_url, quote=True)}


class Handler(BaseHTTPRequestHandler):
    server_version = "niet-pluis"
    sys_version = ""
    settings: Settings  # set by make_server

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - the base class's name
        pass  # no access log: it would hold IP addresses

    def do_HEAD(self) -> None:  # noqa: N802 - http.server's API
        self._serve(body=False)

    def do_GET(self) -> None:  # noqa: N802
        self._serve(body=True)

    def _serve(self, body: bool) -> None:
        path = urlsplit(self.path).path
        if path == "/favicon.ico":
            self._send(HTTPStatus.NO_CONTENT, "image/x-icon", b"", body)
            return
        asset = ASSETS.get(path)
        if asset is None or not asset.path.is_file():
            self._send(HTTPStatus.NOT_FOUND, "text/plain; charset=utf-8",
                       "Deze pagina bestaat niet.".encode(), body)
            return
        data = asset.path.read_bytes()
        if asset.template:
            data = data.decode("utf-8").format_map(page_values(self.settings)).encode("utf-8")
        self._send(HTTPStatus.OK, asset.content_type, data, body)

    def _send(self, status: HTTPStatus, content_type: str, data: bytes, body: bool) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Content-Security-Policy", content_security_policy(self.settings.chat_url))
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        # other sites embed the widget script; nothing here is secret
        self.send_header("Cross-Origin-Resource-Policy", "cross-origin")
        self.send_header("Cache-Control", "no-store" if content_type.startswith("text/html") else "no-cache")
        self.end_headers()
        if body:
            self.wfile.write(data)


def make_server(settings: Settings, host: str = "127.0.0.1", port: int | None = None) -> ThreadingHTTPServer:
    handler = type("BoundHandler", (Handler,), {"settings": settings})
    return ThreadingHTTPServer((host, settings.web_port if port is None else port), handler)


def main() -> None:
    from bot.privacy.logging_setup import configure_logging

    settings = Settings.from_env()
    configure_logging(settings.log_level)
    missing = [str(a.path.relative_to(ROOT)) for a in ASSETS.values() if not a.path.is_file()]
    if missing:
        raise SystemExit(f"web: ontbreekt / missing: {', '.join(missing)} (make setup installs the theme)")
    server = make_server(settings)
    log.info("widget and demo page on http://127.0.0.1:%d/", settings.web_port)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
