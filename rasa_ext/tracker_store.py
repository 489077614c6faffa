"""A Rasa 3.6 SQL tracker store that only ever persists anonymised conversations.

``endpoints.yml``::

    tracker_store:
      type: rasa_ext.tracker_store.AnonymisingTrackerStore
      dialect: sqlite            # or postgresql + host/port/username/password
      db: data/conversations.db
      retention_days: 30         # optional (default NIETPLUIS_RETENTION_DAYS), for purge_older_than()
      delete_action: action_stop     # optional (this is the default), see below
      fast_action_validation: true   # default; see rasa_ext/action_validation.py
      persist_after_slot: report_confirmed  # optional, see below
      pending_ttl_hours: 24          # optional, see below
      # salt: ${NIETPLUIS_SENDER_SALT}  # default: read from that environment variable

The anonymiser (deduce) is loaded when the store is constructed, i.e. at server start
(``preload: false`` to defer it to the first save).

Rasa builds custom stores with ``cls(host=url, domain=..., event_broker=..., **kwargs)``
(``rasa.core.tracker_store._load_from_module_name_in_endpoint_config``); the class is async,
so Rasa does not wrap it in ``AwaitableTrackerStore``.

What is written (SQL rows and event-broker messages):
* ``sender_id`` = HMAC-SHA256(sender id, ``NIETPLUIS_SENDER_SALT``); ``retrieve`` hashes the
  same way and hands Rasa a tracker with the *real* sender id (the output channel needs it
  to answer), so the conversation continues normally;
* ``user`` events: ``text``, ``parse_data.text``, entity values anonymised;
* ``slot`` events: string values (also inside lists/dicts) anonymised, except values of
  categorical slots that are one of the slot's declared values and ``requested_slot``;
* ``bot`` events: ``text`` anonymised (responses may echo user input); a formal summary
  offered for download keeps only its file name (the report store holds the report);
* ``action`` events: ``action_text`` anonymised (end-to-end);
* every event's ``metadata`` is dropped (channel metadata can hold user names).

Nothing stored before the user confirms (``persist_after_slot``): until a ``SlotSet`` of
that slot to a true value appears in the conversation, its anonymised events are kept in
this process's memory only (``rasa_ext.pending``), dropped after ``pending_ttl_hours``
without a message. When the slot is set, the whole conversation so far is written to the
database, and later turns follow. Without ``persist_after_slot`` every turn is written.

Deleting a conversation ("verwijder mijn gesprek"): ``delete(sender_id)`` for operators.
From inside the conversation use ``delete_action``: when a turn contains ``ActionExecuted``
of that action and a ``Restarted`` event (the action really stopped; it may also only ask
"Wil je stoppen?"), the store deletes everything stored for the sender instead of saving. (An
action server cannot delete the rows itself: at the end of the turn Rasa saves the
in-memory tracker again and, finding no rows, would re-insert the whole conversation.)
"""
from __future__ import annotations

import asyncio
import hashlib
import itertools
import json
import logging
import secrets
import threading
from collections import OrderedDict
from dataclasses import dataclass, fields
from typing import Any, Iterable, Optional, Text

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.constants import REQUESTED_SLOT
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT_NAME_KEY

from bot.config import Settings
from bot.intake.contract import Action
from bot.privacy import hash_sender_id
from rasa_ext.events_table import purge_stale_conversations
from rasa_ext.pending import MemoryPending, PendingConversations, RecentKeys

logger = logging.getLogger(__name__)

FAILED = "[VERWIJDERD]"  # used when anonymising a value fails: never store it raw


class ConversationStoreError(RuntimeError):
    """The conversation could not be read or written (locked, corrupt or unreachable
    database). Raised to the channel, which tells the user so; never a silent fresh start."""


class _Failures:
    """How often the store failed since start: in every ERROR, so an operator sees a trend."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.count = 0

    def record(self, operation: str, exc: BaseException) -> ConversationStoreError:
        with self._lock:
            self.count += 1
            count = self.count
        # the type only: a database error's text can quote the (anonymised) row
        logger.error("conversation store: %s failed (%s); %d failure(s) since start",
                     operation, type(exc).__name__, count)
        return ConversationStoreError(f"{operation} failed ({type(exc).__name__})")


@dataclass(frozen=True)
class StoreOptions:
    """Our keys of the `tracker_store` section of endpoints.yml (the rest is Rasa's SQL store's)."""
    retention_days: Optional[float] = None  # default: Settings.retention_days
    delete_action: Optional[str] = Action.STOP
    keep_slots: frozenset = frozenset()
    persist_after_slot: Optional[str] = None
    pending_ttl_hours: float = 24
    pending_max: int = 10_000
    redact_logs: bool = True
    fast_action_validation: bool = True
    preload: bool = True
    #: slots the delete action sets after its restart so that the next message can undo the stop
    undo_slots: frozenset = frozenset()
    undo_minutes: Optional[float] = None  # default: Settings.stop_undo_minutes

    @classmethod
    def pop_from(cls, kwargs: dict) -> "StoreOptions":
        """Take our options out of the endpoint kwargs, leaving the SQL store's."""
        values = {f.name: kwargs.pop(f.name) for f in fields(cls) if f.name in kwargs}
        for name in ("keep_slots", "undo_slots"):
            if name in values:
                values[name] = frozenset(values[name] or ())
        return cls(**values)


def install_server_hooks(options: StoreOptions) -> None:
    """Server-wide fixes for the Rasa process. The tracker store is the one object of ours
    Rasa builds at server start, so it calls this once, before the first message."""
    if options.redact_logs:
        from bot.privacy import install_log_redaction

        install_log_redaction()
    if options.fast_action_validation:
        from rasa_ext import action_validation

        action_validation.install()
    _no_silent_fallback()


def _no_silent_fallback() -> None:
    """Rasa wraps every tracker store in a FailSafeTrackerStore that, on any error, starts the
    user over (a failed read returns no tracker) or keeps the turn in memory only (a failed
    write), and logs the error text. Our store is used as it is: its errors reach the
    channel, which tells the user the truth."""
    from rasa.core.agent import Agent

    original = Agent._create_tracker_store
    if getattr(original, "nietpluis", False):
        return

    def create(store: Any, domain: Any) -> Any:
        if isinstance(store, AnonymisingTrackerStore):
            store.domain = domain
            return store
        return original(store, domain)

    create.nietpluis = True  # type: ignore[attr-defined]
    Agent._create_tracker_store = staticmethod(create)


class AnonymisedCache:
    """The anonymised form of texts seen lately. A turn's text comes back in several events
    (the user event, the slot that keeps it, a summary that quotes it), and the assistant's
    own questions repeat in every conversation: anonymising each once instead of each time
    was a third of the Rasa server's CPU per message. Keyed by a keyed hash of the text, so
    the cache holds no raw text; the values are what the store would write anyway."""

    def __init__(self, size: int = 4096) -> None:
        self.size = size
        self._key = secrets.token_bytes(16)  # per process: the hashes mean nothing elsewhere
        self._items: "OrderedDict[bytes, str]" = OrderedDict()
        self._lock = threading.Lock()

    def _digest(self, text: str) -> bytes:
        return hashlib.blake2b(text.encode("utf-8"), key=self._key, digest_size=20).digest()

    def get(self, text: str) -> Optional[str]:
        digest = self._digest(text)
        with self._lock:
            value = self._items.get(digest)
            if value is not None:
                self._items.move_to_end(digest)
            return value

    def put(self, text: str, anonymised: str) -> None:
        digest = self._digest(text)
        with self._lock:
            self._items[digest] = anonymised
            self._items.move_to_end(digest)
            while len(self._items) > self.size:
                self._items.popitem(last=False)


def _sql_kwargs(url: str) -> dict:
    """Rasa's SQL store takes the parts of a URL; ``TRACKER_DB_URL`` gives the whole."""
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    return {"dialect": parsed.drivername, "host": parsed.host, "port": parsed.port,
            "db": parsed.database, "username": parsed.username, "password": parsed.password,
            "query": dict(parsed.query) or None}


_ACTIVE: list = []


def _set_active(store: "AnonymisingTrackerStore") -> None:
    _ACTIVE[:] = [store]


def active_store() -> Optional["AnonymisingTrackerStore"]:
    """The store Rasa built in this process (one per server), for the channels."""
    return _ACTIVE[0] if _ACTIVE else None


class AnonymisingTrackerStore(SQLTrackerStore):
    """``SQLTrackerStore`` that hashes sender ids and anonymises free text before storing."""

    def __init__(self, domain: Any = None, event_broker: Any = None, *, salt: Optional[str] = None,
                 anonymiser: Any = None, **endpoint_kwargs: Any) -> None:
        options = StoreOptions.pop_from(endpoint_kwargs)
        settings = Settings.from_env()
        # fail fast: never start storing un-hashed ids because the secret is missing
        self._salt = salt.encode("utf-8") if isinstance(salt, str) else (
            salt or settings.require_sender_salt())
        self.retention_days = float(options.retention_days if options.retention_days is not None
                                    else settings.retention_days)
        self.delete_action = options.delete_action
        # Slots our own code fills from closed vocabularies (a role, a gemeente name, a form
        # label); never raw user text, and the next turn needs them exactly as they were.
        self.keep_slots = options.keep_slots
        self._anonymiser = anonymiser
        self.persist_after_slot = options.persist_after_slot or None
        self.undo_slots = options.undo_slots
        self.undo_seconds = 60 * float(options.undo_minutes if options.undo_minutes is not None
                                       else settings.stop_undo_minutes)
        ttl_seconds = float(options.pending_ttl_hours) * 3600
        self._redis_url = settings.redis_url
        if settings.redis_url:
            # shared by every replica; fails here, at start-up, when Redis cannot be reached
            from bot.store.crypto import report_cipher
            from rasa_ext.pending_redis import RedisPending

            self.pending: Optional[PendingConversations] = None
            self.pending_store: Any = RedisPending(settings.redis_url, report_cipher(settings), ttl_seconds)
        else:
            self.pending = PendingConversations(ttl_seconds=ttl_seconds,
                                                max_conversations=int(options.pending_max))
            self.pending_store = MemoryPending(self.pending)
        self.recent = RecentKeys(ttl_seconds)
        self._anon_cache = AnonymisedCache()
        self.failures = _Failures()
        install_server_hooks(options)
        if settings.tracker_db_url:
            endpoint_kwargs.update(_sql_kwargs(settings.tracker_db_url))
        super().__init__(domain=domain, event_broker=event_broker, **endpoint_kwargs)
        self._ping_before_use()
        _set_active(self)
        if options.preload and self._anonymiser is None:
            # load deduce now, at server start, not on the first user's message (~10-20 s)
            _ = self.anonymiser

    def _ping_before_use(self) -> None:
        """After a database restart the pool's connections are dead; without a ping the first
        turn on each would fail for its user. (SQLite has no server to lose.)"""
        if self.engine.dialect.name == "sqlite":
            return
        import sqlalchemy as sa
        from rasa.core.tracker_store import create_engine_kwargs

        old = self.engine
        self.engine = sa.create_engine(old.url, pool_pre_ping=True, **create_engine_kwargs(old.url))
        self.sessionmaker = sa.orm.session.sessionmaker(bind=self.engine)
        old.dispose()

    # ------------------------------------------------------------------ helpers
    @property
    def anonymiser(self) -> Any:
        if self._anonymiser is None:
            from bot.services import get_services

            self._anonymiser = get_services().anonymiser
        return self._anonymiser

    def key(self, sender_id: Text) -> str:
        """The stored form of a sender id."""
        return hash_sender_id(sender_id, self._salt)

    def _anon(self, value: Any) -> Any:
        if isinstance(value, str):
            if not value.strip():
                return value
            cached = self._anon_cache.get(value)
            if cached is not None:
                return cached
            try:
                result = self.anonymiser.anonymise(value)
            except Exception as exc:  # never persist the raw text
                logger.error("anonymising failed (%s); value replaced", type(exc).__name__)
                return FAILED
            self._anon_cache.put(value, result)
            return result
        if isinstance(value, list):
            return [self._anon(v) for v in value]
        if isinstance(value, dict):
            return {k: self._anon(v) for k, v in value.items()}
        return value

    def _slot_keeps_value(self, name: str, value: Any) -> bool:
        if name == REQUESTED_SLOT or name in self.keep_slots:
            return True
        slot = next((s for s in self.domain.slots if s.name == name), None)
        if slot is None:
            return False
        values = getattr(slot, "values", None)
        if values and isinstance(value, str):
            return value.lower() in {str(v).lower() for v in values}
        return False

    def anonymise_event(self, data: dict) -> dict:
        """Anonymised copy of one serialised event (``Event.as_dict()``)."""
        data = json.loads(json.dumps(data))  # deep copy, JSON-safe
        data.pop("metadata", None)
        kind = data.get("event")
        if kind == "user":
            data["text"] = self._anon(data.get("text"))
            pd = data.get("parse_data") or {}
            if "text" in pd:
                pd["text"] = data["text"]
            for ent in pd.get("entities") or []:
                if "value" in ent:
                    ent["value"] = self._anon(ent["value"])
                ent.pop("text", None)
            pd.pop("metadata", None)
            for key in ("response_selector",):
                pd.pop(key, None)  # may quote the user's text in retrieval intents
        elif kind == "slot":
            if not self._slot_keeps_value(data.get("name", ""), data.get("value")):
                data["value"] = self._anon(data.get("value"))
        elif kind == "bot":
            data["text"] = self._anon(data.get("text"))
            custom = (data.get("data") or {}).get("custom")
            if isinstance(custom, dict) and "document" in custom:
                # the formal summary offered for download is in the report store already
                custom["document"] = {"filename": (custom["document"] or {}).get("filename")}
        elif kind == "action" and data.get("action_text"):
            data["action_text"] = self._anon(data["action_text"])
        elif kind == "entities":
            for ent in data.get("entities") or []:
                if "value" in ent:
                    ent["value"] = self._anon(ent["value"])
        elif kind == "reminder":
            data["entities"] = self._anon(data.get("entities"))
        return data

    # ------------------------------------------------------------------ Rasa API
    # Every call below does its database work (and the anonymising) in a worker thread: a
    # locked or slow database then holds up only the conversation that needs it, never the
    # event loop that serves every other user. Errors become ConversationStoreError.

    async def _off_loop(self, operation: str, work: Any, *args: Any) -> Any:
        try:
            return await asyncio.to_thread(work, *args)
        except Exception as exc:
            raise self.failures.record(operation, exc) from None

    async def keys(self) -> Iterable[Text]:
        """Hashed sender ids: stored ones and those not confirmed yet (memory or Redis)."""
        stored = list(await self._off_loop("keys", self._stored_keys))
        pending = await self._pending_call("keys", self.pending_store.keys())
        return stored + [k for k in pending if k not in stored]

    def _stored_keys(self) -> list[Text]:
        with self.session_scope() as session:
            return [sender_id for (sender_id,) in session.query(self.SQLEvent.sender_id).distinct()]

    async def _pending_call(self, operation: str, awaitable: Any) -> Any:
        try:
            return await awaitable
        except Exception as exc:
            raise self.failures.record(operation, exc) from None

    async def retrieve(self, sender_id: Text) -> Optional[DialogueStateTracker]:
        return await self._retrieve(sender_id, False)

    async def retrieve_full_tracker(self, conversation_id: Text) -> Optional[DialogueStateTracker]:
        return await self._retrieve(conversation_id, True)

    async def _retrieve(self, sender_id: Text, all_sessions: bool) -> Optional[DialogueStateTracker]:
        key = self.key(sender_id)
        events = await self._pending_call("reading a conversation",
                                          self.pending_store.events(key, all_sessions=all_sessions))
        if events is None:
            events = await self._off_loop("reading a conversation", self._stored_events, key, all_sessions)
        if self.domain and events:
            # the real sender id in memory: the output channel replies to it
            return DialogueStateTracker.from_dict(sender_id, events, self.domain.slots)
        return None

    def _stored_events(self, key: str, all_sessions: bool) -> list[dict]:
        with self.session_scope() as session:
            rows = self._event_query(session, key, all_sessions).all()
            return [json.loads(r.data) for r in rows]

    async def save(self, tracker: DialogueStateTracker) -> None:
        """Store the new events of ``tracker``, anonymised, under the hashed sender id."""
        key = self.key(tracker.sender_id)
        stored = await self._save(key, tracker)
        if self.event_broker is not None:
            for data in stored:
                self.event_broker.publish({"sender_id": key, **data})
        logger.debug("tracker stored (%d new events)", len(stored))

    async def _save(self, key: str, tracker: DialogueStateTracker) -> list[dict]:
        """The events written to the database (maybe none). Pending calls are awaited (memory
        or redis.asyncio); database work and anonymising run in worker threads."""
        pending = self.pending_store
        count = await self._pending_call("saving a conversation", pending.count(key))
        in_memory = count is not None
        if not in_memory:
            count = await self._off_loop("saving a conversation", self._stored_count, key)
        new_events = list(itertools.islice(tracker.events, count, None))
        if self._requests_delete(new_events):
            await self._pending_call("deleting a conversation", pending.pop(key))
            await self._off_loop("deleting a conversation", self._delete_stored, key)
            self.recent.forget(key)
            parked = self._undo_events(new_events)
            if parked:
                await self._pending_call("saving a conversation", pending.park(key, parked, self.undo_seconds))
            logger.info("conversation deleted on request (%s)%s", self.delete_action,
                        "; what undoes it waits in memory for the next message" if parked else "")
            return []
        fresh = await self._off_loop("saving a conversation", self._anonymise_all, new_events)
        if in_memory and await self._pending_call("saving a conversation", pending.is_parked(key)):
            # the message after a stop: what could undo it is dropped now, whatever the
            # message was (an undo has copied what it needed into ordinary slots)
            earlier = [self._without_undo(e) for e in await self._pending_call(
                "saving a conversation", pending.pop(key))]
            fresh = [self._without_undo(e) for e in fresh]
            await self._pending_call("saving a conversation", pending.append(key, earlier))
        # a conversation not in the database yet waits in memory until it is confirmed
        moving = False
        if self.persist_after_slot is not None and (in_memory or count == 0):
            if not self._confirmed(fresh):
                await self._pending_call("saving a conversation", pending.append(key, fresh))
                self.recent.seen(key)
                logger.debug("conversation kept in memory (%d new events)", len(fresh))
                return []
            # confirmed: write all of it; it leaves memory only once the database has it, so
            # a failed write loses this turn at most, never the conversation
            earlier = await self._pending_call("saving a conversation", pending.events(key, all_sessions=True))
            fresh = (earlier or []) + fresh
            moving = True
        await self._off_loop("saving a conversation", self._insert, key, fresh)
        if moving:
            await self._pending_call("saving a conversation", pending.pop(key))
            self.recent.forget(key)
        return fresh

    def _anonymise_all(self, new_events: list) -> list[dict]:
        return [self.anonymise_event(event.as_dict()) for event in new_events]

    def _insert(self, key: str, fresh: list[dict]) -> None:
        with self.session_scope() as session:
            for data in fresh:
                session.add(
                    self.SQLEvent(
                        sender_id=key,
                        type_name=data.get("event"),
                        timestamp=data.get("timestamp"),
                        intent_name=(data.get("parse_data") or {}).get("intent", {}).get(INTENT_NAME_KEY),
                        action_name=data.get("name"),
                        data=json.dumps(data),
                    )
                )
            session.commit()

    def _delete_stored(self, key: str) -> int:
        with self.session_scope() as session:
            n = self._delete_key(session, key)
            session.commit()
            return n

    def _requests_delete(self, new_events: list) -> bool:
        """The turn ran the delete action and it restarted the conversation. (The same action
        may only ask "Wil je stoppen?": then nothing is deleted.)"""
        ran = any(e.type_name == "action" and getattr(e, "action_name", None) == self.delete_action
                  for e in new_events)
        return bool(self.delete_action) and ran and any(e.type_name == "restart" for e in new_events)

    def _undo_events(self, new_events: list) -> list[dict]:
        """A new session holding only the undo slots the delete action set after its restart
        (anonymised like any slot), or [] when it set none."""
        restart = max((i for i, e in enumerate(new_events) if e.type_name == "restart"), default=None)
        if restart is None or not self.undo_slots:
            return []
        slots = [e.as_dict() for e in new_events[restart + 1:]
                 if e.type_name == "slot" and e.key in self.undo_slots and e.value is not None]
        if not slots:
            return []
        now = slots[-1].get("timestamp")
        for data in slots:
            data.pop("metadata", None)
            data["value"] = self._anon_snapshot(data["value"])
        return ([{"event": "action", "name": "action_session_start", "timestamp": now},
                 {"event": "session_started", "timestamp": now}] + slots
                + [{"event": "action", "name": Action.LISTEN, "timestamp": now}])

    def _anon_snapshot(self, value: Any) -> Any:
        """A snapshot of slots ({"slots": {name: value}, ...}) anonymised slot by slot."""
        if isinstance(value, dict) and isinstance(value.get("slots"), dict):
            slots = {name: v if self._slot_keeps_value(name, v) else self._anon(v)
                     for name, v in value["slots"].items()}
            forms = set(getattr(self.domain, "form_names", None) or ())
            loop = value.get("loop") if value.get("loop") in forms else None  # a name of ours, or nothing
            return {"slots": slots, "loop": loop}
        return value if isinstance(value, (bool, int, float)) or value is None else self._anon(value)

    def _without_undo(self, data: dict) -> dict:
        if data.get("event") == "slot" and data.get("name") in self.undo_slots:
            return {**data, "value": None}  # same number of events: Rasa counts them
        return data

    def _stored_count(self, key: str) -> int:
        """Events retrieve() handed Rasa from the database: the latest session, which holds at
        least its ``session_started`` row (0: nothing of this conversation is stored)."""
        with self.session_scope() as session:
            return self._event_query(session, key, fetch_events_from_all_sessions=False).count()

    def _confirmed(self, new_events: list[dict]) -> bool:
        return any(e.get("event") == "slot" and e.get("name") == self.persist_after_slot and e.get("value")
                   for e in new_events)

    # ------------------------------------------------------------------ deletion and retention
    def _delete_key(self, session: Any, key: str) -> int:
        return session.query(self.SQLEvent).filter(self.SQLEvent.sender_id == key).delete(synchronize_session=False)

    def delete(self, sender_id: Text) -> int:
        """Delete every stored event of this conversation (for operators and tests; not on the
        event loop). Returns the number of events."""
        key = self.key(sender_id)
        self.recent.forget(key)
        if self.pending is not None:
            n = len(self.pending.pop(key))
        else:
            n = self._delete_shared_pending_blocking(key)
        return n + self._delete_stored(key)

    def _delete_shared_pending_blocking(self, key: str) -> int:
        import redis

        from rasa_ext.pending_redis import PARKED, PREFIX

        client = redis.Redis.from_url(self._redis_url, socket_timeout=5)
        try:
            n = client.llen(PREFIX + key)
            client.delete(PREFIX + key, PARKED + key)
            return int(n)
        finally:
            client.close()

    async def forget(self, sender_id: Text) -> int:
        """Delete now, for a request that is not a turn (the quick exit)."""
        key = self.key(sender_id)
        self.recent.forget(key)
        n = len(await self._pending_call("deleting a conversation", self.pending_store.pop(key)))
        return n + await self._off_loop("deleting a conversation", self._delete_stored, key)

    async def lost_conversation(self, sender_id: Text) -> bool:
        """True once when this process served the conversation recently, it was neither
        confirmed nor stopped, and the shared pending store no longer has it (Redis restarted
        or flushed): the user is then told the conversation was lost instead of silently
        starting over."""
        key = self.key(sender_id)
        if not self.pending_store.shared or not self.recent.contains(key):
            return False
        if await self._pending_call("reading a conversation", self.pending_store.count(key)) is not None:
            return False
        self.recent.forget(key)
        stored = await self._off_loop("reading a conversation", self._stored_count, key)
        return stored == 0

    def purge_older_than(self, days: Optional[float] = None, now: Optional[float] = None) -> int:
        """Delete conversations whose latest event is older than ``days`` (default
        ``retention_days``, 30). Whole conversations only. Returns conversations deleted."""
        days = self.retention_days if days is None else days
        return purge_stale_conversations(self.engine, days, now)
