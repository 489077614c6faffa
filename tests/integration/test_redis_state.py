"""Shared state for Rasa replicas (issue 16): the atomic Redis lock store and the encrypted
pending conversations in Redis, against a real redis-server configured as in production."""
import asyncio
import time

import pytest

pytest.importorskip("rasa")
redis = pytest.importorskip("redis")

from rasa.shared.core.events import ActionExecuted, BotUttered, Restarted, SlotSet  # noqa: E402

from rasa_ext.lock_store import AtomicRedisLockStore, ConversationLockStore  # noqa: E402
from rasa_ext.pending_redis import PARKED, PREFIX  # noqa: E402
from rasa_ext.tracker_store import AnonymisingTrackerStore  # noqa: E402
from tests.redis_server import redis_server, redis_url  # noqa: E402,F401  (fixtures)
from tests.unit.rasa_ext.test_pending import DOMAIN, SALT, FakeAnon, rows, start, user  # noqa: E402


# ---------------------------------------------------------------- locks
async def test_two_replicas_racing_on_one_sender_never_overlap(redis_url):
    replicas = [AtomicRedisLockStore(redis_url), AtomicRedisLockStore(redis_url)]
    inside, most, order = 0, 0, []

    async def turn(i):
        nonlocal inside, most
        async with replicas[i % 2].lock("one-sender"):
            inside += 1
            most = max(most, inside)
            order.append(i)
            await asyncio.sleep(0.002)  # a turn awaits (NLU, actions): the other replica gets the loop
            inside -= 1

    await asyncio.gather(*(turn(i) for i in range(40)))
    assert most == 1 and sorted(order) == list(range(40))
    # the last one out removed the keys: nothing of the conversation stays in Redis
    assert not await replicas[0].red.keys("nietpluis:lock:*")


async def test_different_senders_do_not_wait_for_each_other(redis_url):
    store = AtomicRedisLockStore(redis_url)
    async with store.lock("a"):
        async with store.lock("b"):  # would wait for ever if the locks were one
            pass


async def test_a_replica_killed_while_holding_the_lock_frees_it_within_the_lease(redis_url):
    dead = AtomicRedisLockStore(redis_url, lease_seconds=0.6)
    ticket = await dead.issue("c")
    assert await dead.try_acquire("c", ticket) == 1  # holds it, then dies: no release, no renewal
    alive = AtomicRedisLockStore(redis_url, lease_seconds=0.6)
    t0 = time.monotonic()
    async with alive.lock("c"):
        waited = time.monotonic() - t0
    assert 0.3 < waited < 2.0


async def test_a_slow_turn_keeps_its_lock_by_renewing_the_lease(redis_url):
    store = AtomicRedisLockStore(redis_url, lease_seconds=0.3)
    other = AtomicRedisLockStore(redis_url, lease_seconds=0.3)
    events = []

    async def slow():
        async with store.lock("d"):
            events.append("slow in")
            await asyncio.sleep(1.0)  # three leases long
            events.append("slow out")

    async def next_message():
        await asyncio.sleep(0.1)
        async with other.lock("d"):
            events.append("next in")

    await asyncio.gather(slow(), next_message())
    assert events == ["slow in", "slow out", "next in"]


def test_without_redis_url_the_lock_store_is_rasas_in_memory_one(monkeypatch):
    from rasa.core.lock_store import InMemoryLockStore

    monkeypatch.delenv("REDIS_URL", raising=False)
    assert isinstance(ConversationLockStore(endpoint_config=None), InMemoryLockStore)


def test_an_unreachable_redis_fails_at_start_up(monkeypatch):
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:1/0")
    with pytest.raises(redis.exceptions.ConnectionError):
        ConversationLockStore(endpoint_config=None)
    with pytest.raises(redis.exceptions.ConnectionError):
        AnonymisingTrackerStore(domain=DOMAIN, db=":memory:", salt=SALT, anonymiser=FakeAnon(), redact_logs=False)


# ---------------------------------------------------------------- pending conversations
@pytest.fixture
def replicas(redis_url, tmp_path, monkeypatch):
    """Two tracker stores as two Rasa replicas would have them: one Redis, one database."""
    monkeypatch.setenv("REDIS_URL", redis_url)

    def make():
        return AnonymisingTrackerStore(domain=DOMAIN, db=str(tmp_path / "c.db"), salt=SALT,
                                       anonymiser=FakeAnon(), redact_logs=False, delete_action="action_stop",
                                       persist_after_slot="report_confirmed",
                                       undo_slots=["stop_snapshot", "stop_undoable"], undo_minutes=10)
    return make(), make()


async def turn(store, sender, events):
    tracker = await store.retrieve(sender)
    tracker.update_with_events(events, DOMAIN)
    await store.save(tracker)
    return tracker


def raw(url, key):
    client = redis.Redis.from_url(url)
    return client.lrange(PREFIX + key, 0, -1), client.pttl(PREFIX + key)


async def test_a_conversation_continues_on_the_other_replica_and_moves_to_the_database_on_confirm(
        replicas, redis_url, tmp_path):
    a, b = replicas
    await a.save(start("s1"))
    assert rows(tmp_path / "c.db") == []
    await turn(b, "s1", [user("Arnhem"), BotUttered("Wat voor plek?"), ActionExecuted("action_listen")])
    tracker = await a.retrieve_full_tracker("s1")
    assert len(tracker.events) == 10 and tracker.get_slot("beschrijving") == "[PERSOON-1] werkt in de kas"
    chunks, ttl = raw(redis_url, a.key("s1"))
    assert len(chunks) == 2 and 23 * 3600 * 1000 < ttl <= 24 * 3600 * 1000
    # encrypted: neither the anonymised text nor the event structure is readable in Redis
    assert not any(b"kas" in c or b"PERSOON" in c or b"event" in c for c in chunks)
    await turn(a, "s1", [user("ja", "affirm"), ActionExecuted("action_submit_report"),
                         SlotSet("report_confirmed", True), ActionExecuted("action_listen")])
    assert len(rows(tmp_path / "c.db")) == 14
    assert raw(redis_url, a.key("s1"))[0] == []  # deleted from Redis once the database has it
    assert len((await b.retrieve_full_tracker("s1")).events) == 14


async def test_stop_deletes_from_redis_and_only_the_undo_waits_briefly(replicas, redis_url):
    a, b = replicas
    await a.save(start("s2"))
    await turn(b, "s2", [user("stop", "stop"), ActionExecuted("action_stop"), Restarted(),
                         SlotSet("stop_snapshot", {"slots": {"beschrijving": "Piotr"}, "loop": "intake_form"}),
                         SlotSet("stop_undoable", True)])
    chunks, ttl = raw(redis_url, a.key("s2"))
    assert len(chunks) == 1 and 0 < ttl <= 600 * 1000
    assert await a.pending_store.is_parked(a.key("s2"))
    tracker = await a.retrieve("s2")
    assert tracker.get_slot("beschrijving") is None and tracker.get_slot("stop_undoable") is True
    await turn(a, "s2", [user("stop", "stop"), ActionExecuted("action_stop"), Restarted()])
    assert raw(redis_url, a.key("s2"))[0] == [] and await a.retrieve("s2") is None
    assert not redis.Redis.from_url(redis_url).exists(PARKED + a.key("s2"))


async def test_the_quick_exit_forgets_on_any_replica(replicas, redis_url):
    a, b = replicas
    await a.save(start("s3"))
    assert await b.forget("s3") == 7
    assert await a.retrieve("s3") is None


async def test_a_replica_notices_when_redis_lost_its_conversation_once(replicas, redis_url):
    a, b = replicas
    await a.save(start("s4"))
    await a.save(start("s5"))
    assert not await a.lost_conversation("s4")  # still there
    redis.Redis.from_url(redis_url).flushall()  # what a Redis restart does to it
    assert await a.lost_conversation("s4")
    assert not await a.lost_conversation("s4")  # said once; then it is a new conversation
    assert not await b.lost_conversation("s5")  # b never served it: a new user as far as it knows
    assert not await a.lost_conversation("never-seen")
