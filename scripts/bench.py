"""Load benchmark: N concurrent scripted conversations over the REST channel.

Starts the real stack (action server, Rasa server, on loopback) unless --url is given,
drives the conversations, prints per-turn latency p50/p95/max and messages per second.
Bounded: a fixed number of conversations, a timeout per request.
"""
from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import pathlib
import random
import statistics
import subprocess
import sys
import time
import urllib.request

import aiohttp

ROOT = pathlib.Path(__file__).resolve().parents[1]
SCRIPT = [
    "hallo",
    "Bij de kas verderop werken mannen van 6 tot 22 uur. De baas heeft hun paspoorten en ze "
    "moeten een schuld afbetalen voor de reis.",
    "Westland",
    "kas",
    "een stuk of tien mannen van rond de 30",
    "ze mogen niet zelf weg en worden met een busje gebracht",
    "sinds de zomer, elke dag",
    "als burger",
    "/affirm",
    "/deny",
]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


async def conversation(session: aiohttp.ClientSession, url: str, sender: str,
                       latencies: list[float], errors: list[str], think: float = 0.0) -> None:
    rng = random.Random(sender)
    for turn, message in enumerate(SCRIPT):
        if think:
            # a person reads the answer and types the next one; jitter (and a staggered
            # start) so the users do not all send in lockstep
            await asyncio.sleep(rng.uniform(0.5, 1.5) * think if turn else rng.uniform(0, think))
        start = time.perf_counter()
        try:
            async with session.post(url, json={"sender": sender, "message": message},
                                    timeout=aiohttp.ClientTimeout(total=60)) as resp:
                replies = await resp.json()
                if resp.status != 200 or not replies:
                    errors.append(f"{sender}: status {resp.status}, {len(replies or [])} replies")
        except Exception as exc:  # noqa: BLE001 - a benchmark reports, it does not stop
            errors.append(f"{sender}: {type(exc).__name__}")
            continue
        latencies.append((time.perf_counter() - start) * 1000)


async def drive(url: str, users: int, rounds: int, think: float) -> None:
    latencies: list[float] = []
    errors: list[str] = []
    async with aiohttp.ClientSession() as session:
        # one warm-up conversation so first-call costs are not measured
        await conversation(session, url, "bench-warmup", [], [])
        start = time.perf_counter()
        for r in range(rounds):
            await asyncio.gather(*(conversation(session, url, f"bench-{r}-{i}-{time.time_ns()}",
                                                latencies, errors, think) for i in range(users)))
        elapsed = time.perf_counter() - start
    print(f"conversations: {users} concurrent x {rounds} round(s), {len(SCRIPT)} turns each, "
          f"think time {think:g} s")
    print(f"turns measured: {len(latencies)}, errors: {len(errors)}")
    if latencies:
        print(f"per-turn latency ms: p50 {statistics.median(latencies):.0f}  "
              f"p95 {percentile(latencies, 0.95):.0f}  max {max(latencies):.0f}")
        print(f"throughput: {len(latencies) / elapsed:.1f} messages/s")
    for error in errors[:5]:
        print("  error:", error)


def wait_for(url: str, seconds: int) -> None:
    for _ in range(seconds):
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except Exception:
            time.sleep(1)
    raise SystemExit(f"not up after {seconds} s: {url}")


@contextlib.contextmanager
def running_stack(url: str | None):
    """The Rasa server to talk to: `url` when given, else a real stack started on loopback
    (its own ports and databases under var/) and stopped afterwards."""
    if url:
        yield url
        return
    port = os.environ.get("BENCH_PORT", "5095")
    env = dict(os.environ, RASA_PORT=port, ACTION_PORT=os.environ.get("BENCH_ACTION_PORT", "5096"),
               TRACKER_DB=str(ROOT / "var" / "bench-trackers.db"), NIETPLUIS_DEVMAIL_PORT="8095",
               DATABASE_URL=f"sqlite:///{ROOT / 'var' / 'bench-reports.db'}")
    env.pop("ACTION_ENDPOINT_URL", None)
    stack = subprocess.Popen(["bash", "scripts/run.sh"], cwd=ROOT, env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                             start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(base + "/", 300)
        yield base
    finally:
        os.killpg(stack.pid, 15)
        stack.wait(timeout=60)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", help="an already running Rasa server, e.g. http://127.0.0.1:5005")
    parser.add_argument("--users", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--think", type=float, nargs="+", default=[0.0, 2.0],
                        help="one run per value: seconds each user waits before the next message "
                             "(0: back to back, the worst case; 2: people reading and typing)")
    args = parser.parse_args()
    with running_stack(args.url) as base:
        for think in args.think:
            asyncio.run(drive(base + "/webhooks/rest/webhook", args.users, args.rounds, think))
            print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
