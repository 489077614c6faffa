"""One way to reach Redis for the lock store and the pending conversations."""
from __future__ import annotations

from typing import Any


def check_reachable(url: str) -> None:
    """Fail fast at start-up (a blocking PING, before the event loop serves anyone)."""
    import redis

    client = redis.Redis.from_url(url, socket_timeout=5, socket_connect_timeout=5)
    try:
        client.ping()
    finally:
        client.close()


def async_client(url: str) -> Any:
    """A ``redis.asyncio`` client that reconnects: after a Redis restart the pool's old
    connections are dead, and the first command on each would otherwise fail a user's turn."""
    import redis.asyncio
    from redis.asyncio.retry import Retry
    from redis.backoff import ExponentialBackoff
    from redis.exceptions import ConnectionError, TimeoutError

    return redis.asyncio.Redis.from_url(
        url, socket_timeout=5, socket_connect_timeout=5, health_check_interval=30,
        retry=Retry(ExponentialBackoff(cap=0.5, base=0.05), 3),
        retry_on_error=[ConnectionError, TimeoutError])
