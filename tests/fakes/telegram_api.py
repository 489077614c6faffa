"""A fake Telegram Bot API server for tests: the real python-telegram-bot talks HTTP to it.

Point PTB at it with ``ApplicationBuilder().token(fake.token).base_url(fake.base_url)
.base_file_url(fake.base_file_url)``. Tests push user updates (``push_text``,
``push_callback``, ...), the bot long-polls them with ``getUpdates``, and tests then assert
on what the bot called (``sent``, ``calls``, ``downloads``). Everything is thread-safe: the
server answers from its own threads while the test (or an event loop) drives the control API.

The ``wait_for*`` helpers block; from an ``async`` test that runs the bot in the same event
loop, call them as ``await asyncio.to_thread(fake.wait_for_sent, chat_id, 1)``.
"""
from __future__ import annotations

import email.parser
import email.policy
import json
import threading
import time
from collections.abc import Callable
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, TypeVar
from urllib.parse import parse_qsl, unquote, urlsplit

T = TypeVar("T")
Params = dict[str, Any]

#: PTB sends every parameter as a form field and JSON-encodes only the non-string values
#: (``RequestParameter.json_value``), so a field is decoded with ``json.loads`` -- except these,
#: which are always strings and would otherwise turn a text like "42" or "true" into a number.
STRING_FIELDS = frozenset({
    "text", "caption", "parse_mode", "callback_query_id", "inline_message_id", "url", "action",
    "file_id", "secret_token", "language_code", "emoji", "business_connection_id",
    "message_effect_id", "title", "description", "short_description", "name",
})


class ApiError(Exception):
    """An error answer: ``{"ok": false, "error_code": ..., "description": ...}``."""

    def __init__(self, status: int, description: str, parameters: Params | None = None):
        super().__init__(description)
        self.status, self.description, self.parameters = status, description, parameters


def _decode(name: str, value: str) -> Any:
    if name in STRING_FIELDS:
        return value
    try:
        return json.loads(value)
    except ValueError:  # a plain string such as "@channel" for chat_id
        return value


def decode_body(content_type: str, body: bytes, query: str = "") -> Params:
    """The parameters of one call, whichever of the three encodings Telegram accepts was used."""
    params: Params = {k: _decode(k, v) for k, v in parse_qsl(query)}
    kind = content_type.split(";")[0].strip().lower()
    if kind == "application/json" and body:
        params.update(json.loads(body))
    elif kind == "application/x-www-form-urlencoded":
        params.update({k: _decode(k, v) for k, v in parse_qsl(body.decode("utf-8"))})
    elif kind == "multipart/form-data":
        # PTB switches to multipart as soon as a call uploads a file; the other fields keep
        # their form encoding. The email parser is the stdlib's non-deprecated MIME reader.
        head = f"Content-Type: {content_type}\r\n\r\n".encode()
        message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(head + body)
        for part in message.iter_parts():
            name = part.get_param("name", header="content-disposition")
            data = part.get_payload(decode=True) or b""
            if part.get_filename():
                params[name] = {"filename": part.get_filename(), "content": data}
            else:
                params[name] = _decode(name, data.decode("utf-8"))
    return params


class FakeBotApi:
    """An in-process Bot API on 127.0.0.1 for one bot token."""

    def __init__(self, token: str = "123:TEST") -> None:
        self.token = token
        bot_id = token.split(":")[0]
        self.bot_user: Params = {
            "id": int(bot_id) if bot_id.isdigit() else 123, "is_bot": True,
            "first_name": "Fake Bot", "username": "fake_test_bot", "can_join_groups": False,
            "can_read_all_group_messages": False, "supports_inline_queries": False}
        # An RLock, so predicates given to wait_for may call sent()/calls() themselves.
        self._cond = threading.Condition(threading.RLock())
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._closing = False
        # Ids keep increasing across reset(): a running Updater remembers its offset and would
        # silently drop updates whose id went back below it.
        self._next_update_id = 1
        self._next_message_id = 1
        self._next_file = 0
        self.reset()
        self._methods: dict[str, tuple[str, Callable[[Params], Any]]] = {
            name.lower(): (name, handler) for name, handler in {
                "getMe": lambda p: self.bot_user, "getUpdates": self._get_updates,
                "deleteWebhook": self._delete_webhook, "setWebhook": self._set_webhook,
                "getWebhookInfo": lambda p: {"url": self._webhook_url, "has_custom_certificate":
                                             False, "pending_update_count": len(self._updates)},
                "setMyCommands": self._set_commands, "getMyCommands": lambda p: self._commands,
                "deleteMyCommands": self._set_commands, "sendMessage": self._send_message,
                "editMessageText": self._edit_message, "editMessageReplyMarkup": self._edit_message,
                "answerCallbackQuery": lambda p: True, "sendChatAction": lambda p: True,
                "getFile": self._get_file, "close": lambda p: True, "logOut": lambda p: True,
            }.items()}

    # -- lifecycle --------------------------------------------------------------------------
    def start(self) -> FakeBotApi:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            # HTTP/1.0: one request per connection, so no handler thread lingers on an idle
            # keep-alive socket after the test is done.
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                status, payload = fake._handle(self.path, self.headers.get("Content-Type", ""), body)
                self.send_response(status)
                is_json = not isinstance(payload, bytes)
                data = json.dumps(payload).encode() if is_json else payload
                self.send_header("Content-Type", "application/json" if is_json else
                                 "application/octet-stream")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST

            def log_message(self, *args: Any) -> None:  # keep test output quiet
                pass

        class Server(ThreadingHTTPServer):
            daemon_threads = True

            def handle_error(self, request: Any, client_address: Any) -> None:
                pass  # a client that gave up on a long poll closed its socket: not an error

        self._closing = False
        self._server = Server(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(target=self._server.serve_forever,
                                        name="fake-telegram-api", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        with self._cond:  # wake pending long polls so their threads end now, not at timeout
            self._closing = True
            self._cond.notify_all()
        if self._server:
            self._server.shutdown()
            self._server.server_close()
            assert self._thread is not None
            self._thread.join(5)
            self._server = self._thread = None

    def __enter__(self) -> FakeBotApi:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        assert self._server is not None, "FakeBotApi is not started"
        return self._server.server_address[1]

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/bot"

    @property
    def base_file_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/file/bot"

    # -- control API for tests --------------------------------------------------------------
    def reset(self) -> None:
        with self._cond:
            self._updates: list[Params] = []
            self._calls: list[tuple[str, Params]] = []
            self._sent: list[Params] = []
            self._messages: dict[tuple[Any, int], Params] = {}
            self._failures: dict[str, list[ApiError]] = {}
            self._downloads: list[str] = []
            self._files: dict[str, Params] = {}
            self._commands: list[Params] = []
            self._webhook_url = ""

    def push_text(self, user_id: int, text: str, *, username: str | None = None,
                  first_name: str = "Test", chat_id: int | None = None) -> Params:
        fields: Params = {"text": text}
        if text.startswith("/"):  # PTB's CommandHandler only reacts to a bot_command entity
            command = text.split(maxsplit=1)[0]
            fields["entities"] = [{"type": "bot_command", "offset": 0,
                                   "length": len(command.encode("utf-16-le")) // 2}]
        return self._push_message(user_id, fields, username, first_name, chat_id)

    def push_command(self, user_id: int, command: str, arg: str | None = None,
                     **user: Any) -> Params:
        return self.push_text(user_id, f"/{command}" + (f" {arg}" if arg else ""), **user)

    def push_callback(self, user_id: int, message_id: int, data: str, *,
                      username: str | None = None, first_name: str = "Test",
                      chat_id: int | None = None) -> Params:
        chat = user_id if chat_id is None else chat_id
        with self._cond:
            message = self._messages.get((chat, message_id)) or {  # e.g. a button from before
                "message_id": message_id, "date": int(time.time()), "from": self.bot_user,
                "chat": {"id": chat, "type": "private"}}
            query = {"id": f"cq{self._next_update_id}", "chat_instance": f"ci{chat}",
                     "from": self._user(user_id, username, first_name), "message": message,
                     "data": data}
            return self._push({"callback_query": query})

    def push_photo(self, user_id: int, *, caption: str | None = None, **user: Any) -> Params:
        small, large = self._new_file("photos", "jpg"), self._new_file("photos", "jpg")
        photo = [{**small, "width": 90, "height": 68}, {**large, "width": 1280, "height": 960}]
        return self._push_message(user_id, {"photo": photo}, caption=caption, **user)

    def push_voice(self, user_id: int, *, duration: int = 3, **user: Any) -> Params:
        voice = {**self._new_file("voice", "oga"), "duration": duration, "mime_type": "audio/ogg"}
        return self._push_message(user_id, {"voice": voice}, **user)

    def push_video(self, user_id: int, *, duration: int = 5, caption: str | None = None,
                   **user: Any) -> Params:
        video = {**self._new_file("videos", "mp4"), "width": 640, "height": 360,
                 "duration": duration, "mime_type": "video/mp4"}
        return self._push_message(user_id, {"video": video}, caption=caption, **user)

    def push_document(self, user_id: int, *, file_name: str = "document.pdf",
                      mime_type: str = "application/pdf", caption: str | None = None,
                      **user: Any) -> Params:
        document = {**self._new_file("documents", file_name.rpartition(".")[2] or "bin"),
                    "file_name": file_name, "mime_type": mime_type}
        return self._push_message(user_id, {"document": document}, caption=caption, **user)

    def push_sticker(self, user_id: int, *, emoji: str = "👍", **user: Any) -> Params:
        sticker = {**self._new_file("stickers", "webp"), "type": "regular", "width": 512,
                   "height": 512, "is_animated": False, "is_video": False, "emoji": emoji}
        return self._push_message(user_id, {"sticker": sticker}, **user)

    def push_location(self, user_id: int, latitude: float = 52.0907,
                      longitude: float = 5.1214, **user: Any) -> Params:
        location = {"latitude": latitude, "longitude": longitude}
        return self._push_message(user_id, {"location": location}, **user)

    def sent(self, chat_id: Any = None) -> list[Params]:
        """Successful sendMessage calls: decoded parameters plus the ``message_id`` given out."""
        with self._cond:
            return [dict(s) for s in self._sent if chat_id is None or s.get("chat_id") == chat_id]

    def calls(self, method: str | None = None) -> list[tuple[str, Params]]:
        """Every call, failed ones included, as (canonical method name, decoded parameters)."""
        with self._cond:
            return [(m, dict(p)) for m, p in self._calls
                    if method is None or m.lower() == method.lower()]

    def message(self, chat_id: Any, message_id: int) -> Params | None:
        """The current state of a message the bot sent (after any edits)."""
        with self._cond:
            return self._messages.get((chat_id, message_id))

    @property
    def downloads(self) -> list[str]:
        with self._cond:
            return list(self._downloads)

    def wait_for(self, predicate: Callable[[], T], timeout: float = 10) -> T:
        """Blocks until ``predicate()`` is truthy (re-checked after every call); returns it."""
        with self._cond:
            result = self._cond.wait_for(predicate, timeout)
            if not result:
                raise TimeoutError(f"not met within {timeout}s; calls: "
                                   f"{[m for m, _ in self._calls][-20:]}")
            return result

    def wait_for_sent(self, chat_id: Any, count: int = 1, timeout: float = 30) -> list[Params]:
        """Blocks until the bot sent ``chat_id`` at least ``count`` messages; returns them all."""
        self.wait_for(lambda: len(self.sent(chat_id)) >= count, timeout)
        return self.sent(chat_id)

    def fail_next(self, method: str, *, status: int = 429, retry_after: int = 1, count: int = 1,
                  description: str | None = None) -> None:
        """The next ``count`` calls of ``method`` get this error instead of being handled."""
        parameters = {"retry_after": retry_after} if status == 429 else None
        default = {429: f"Too Many Requests: retry after {retry_after}",
                   400: "Bad Request: fake failure",
                   403: "Forbidden: bot was blocked by the user"}.get(status)
        error = ApiError(status, description or default or HTTPStatus(status).phrase, parameters)
        with self._cond:
            self._failures.setdefault(method.lower(), []).extend([error] * count)

    # -- internals ----------------------------------------------------------------------------
    def _user(self, user_id: int, username: str | None, first_name: str) -> Params:
        user = {"id": user_id, "is_bot": False, "first_name": first_name}
        return {**user, "username": username} if username else user

    def _push(self, update: Params) -> Params:
        with self._cond:
            update = {"update_id": self._next_update_id, **update}
            self._next_update_id += 1
            self._updates.append(update)
            self._cond.notify_all()
            return update

    def _push_message(self, user_id: int, fields: Params, username: str | None = None,
                      first_name: str = "Test", chat_id: int | None = None,
                      caption: str | None = None) -> Params:
        user = self._user(user_id, username, first_name)
        fields = {**fields, "caption": caption} if caption else fields
        chat = {**user, "id": user_id if chat_id is None else chat_id, "type": "private"}
        del chat["is_bot"]
        with self._cond:  # user messages share the chat's message_id sequence with the bot's
            message = {"message_id": self._next_message_id, "date": int(time.time()),
                       "chat": chat, "from": user, **fields}
            self._next_message_id += 1
            return self._push({"message": message})

    def _new_file(self, folder: str, extension: str) -> Params:
        with self._cond:
            n, self._next_file = self._next_file, self._next_file + 1
            path = f"{folder}/file_{n}.{extension}"
            file = {"file_id": f"FILE{n}-{folder}", "file_unique_id": f"U{n}",
                    "file_size": len(self._content(path))}
            self._files[file["file_id"]] = {**file, "file_path": path}
            return file

    @staticmethod
    def _content(path: str) -> bytes:
        return f"fake content of {path}".encode()

    def _handle(self, raw_path: str, content_type: str, body: bytes) -> tuple[int, Any]:
        url = urlsplit(raw_path)
        # File.download_* percent-encodes the whole URL path: the token's ":" arrives as "%3A".
        url_path = unquote(url.path)
        try:
            if url_path.startswith("/file/bot"):
                token, _, path = url_path[len("/file/bot"):].partition("/")
                self._check_token(token)
                with self._cond:
                    self._downloads.append(path)
                    self._cond.notify_all()
                    known = any(f["file_path"] == path for f in self._files.values())
                if not known:
                    raise ApiError(404, "Not Found")
                return 200, self._content(path)
            if not url_path.startswith("/bot"):
                raise ApiError(404, "Not Found")
            token, _, method = url_path[len("/bot"):].partition("/")
            self._check_token(token)
            params = decode_body(content_type, body, url.query)
            name, handler = self._methods.get(method.lower(), (method, None))
            with self._cond:
                self._calls.append((name, params))
                self._cond.notify_all()
                failures = self._failures.get(name.lower())
                if failures:
                    raise failures.pop(0)
            if handler is None:
                raise ApiError(404, "Not Found: method not found")
            with self._cond:  # getUpdates waits on the condition, which releases the lock
                result = handler(params)
                self._cond.notify_all()
            return 200, {"ok": True, "result": result}
        except ApiError as e:
            error = {"ok": False, "error_code": e.status, "description": e.description}
            return e.status, {**error, **({"parameters": e.parameters} if e.parameters else {})}

    def _check_token(self, token: str) -> None:
        if token != self.token:
            raise ApiError(401, "Unauthorized")

    def _get_updates(self, p: Params) -> list[Params]:
        if self._webhook_url:
            raise ApiError(409, "Conflict: can't use getUpdates method while webhook is active; "
                                "use deleteWebhook to delete the webhook first")
        offset = int(p.get("offset", 0))
        # Telegram forgets confirmed updates for good; a negative offset keeps the last -offset.
        self._updates = (self._updates[offset:] if offset < 0 else
                         [u for u in self._updates if u["update_id"] >= offset])
        timeout = min(float(p.get("timeout", 0)), 60)
        self._cond.wait_for(lambda: self._updates or self._closing, timeout)
        return self._updates[:max(1, min(int(p.get("limit", 100)), 100))]

    def _delete_webhook(self, p: Params) -> bool:
        self._webhook_url = ""
        if p.get("drop_pending_updates"):
            self._updates.clear()
        return True

    def _set_webhook(self, p: Params) -> bool:
        self._webhook_url = str(p.get("url", ""))
        return True

    def _set_commands(self, p: Params) -> bool:
        self._commands = list(p.get("commands", []))
        return True

    def _send_message(self, p: Params) -> Params:
        if not str(p.get("text", "")).strip():
            raise ApiError(400, "Bad Request: message text is empty")
        if "chat_id" not in p:
            raise ApiError(400, "Bad Request: chat_id is empty")
        message = {"message_id": self._next_message_id, "date": int(time.time()),
                   "chat": {"id": p["chat_id"], "type": "private"}, "from": self.bot_user,
                   "text": p["text"], **{k: p[k] for k in ("entities",) if k in p}}
        self._next_message_id += 1
        self._set_markup(message, p.get("reply_markup"))
        self._messages[(p["chat_id"], message["message_id"])] = message
        self._sent.append({**p, "message_id": message["message_id"]})
        return message

    def _edit_message(self, p: Params) -> Params | bool:
        if "inline_message_id" in p:
            return True  # Telegram answers True for messages sent via inline mode
        message = self._messages.get((p.get("chat_id"), p.get("message_id")))
        if message is None:
            raise ApiError(400, "Bad Request: message to edit not found")
        edited = {**message, "edit_date": int(time.time())}
        # Like Telegram, an edit without reply_markup removes the inline keyboard.
        if "text" in p:
            edited["text"] = p["text"]
        self._set_markup(edited, p.get("reply_markup"))
        if (edited.get("text"), edited.get("reply_markup")) == (message.get("text"),
                                                                message.get("reply_markup")):
            raise ApiError(400, "Bad Request: message is not modified: specified new message "
                                "content and reply markup are exactly the same as a current "
                                "content and reply markup of the message")
        self._messages[(p["chat_id"], p["message_id"])] = edited
        return edited

    @staticmethod
    def _set_markup(message: Params, markup: Any) -> None:
        # Only an inline keyboard is part of a Message; reply keyboards are not echoed back
        # (and PTB could not parse them as Message.reply_markup).
        if isinstance(markup, dict) and markup.get("inline_keyboard"):
            message["reply_markup"] = markup
        else:
            message.pop("reply_markup", None)

    def _get_file(self, p: Params) -> Params:
        file = self._files.get(str(p.get("file_id")))
        if file is None:
            raise ApiError(400, "Bad Request: invalid file_id")
        return dict(file)
