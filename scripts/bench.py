"""Load benchmark: N concurrent scripted conversations over the REST channel.

Starts the real stack (action server, Rasa server, on loopback) unless --url is given,
drives the conversations, prints per-turn latency p50/p95/max, messages per second, CPU ms
per message per process, and the most back-to-back users that keep p95 under 250 ms. With
--cluster the same runs through `make run-cluster` for 1, 2 and 4 replicas, and a table puts
single process and cluster side by side.
Bounded: a fixed number of conversations, a timeout per request.
"""
from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import pathlib
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
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


TICK = os.sysconf("SC_CLK_TCK")


def _cpu_ticks(pid: int) -> int:
    """utime + stime of a process (0 when it is gone)."""
    try:
        fields = pathlib.Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return int(fields[11]) + int(fields[12])
    except (OSError, IndexError, ValueError):
        return 0


def _tree(pid: int) -> list[int]:
    """The process and its live descendants (PostgreSQL serves each connection in a child)."""
    children: dict[int, list[int]] = {}
    for stat in pathlib.Path("/proc").glob("[0-9]*/stat"):
        try:
            parts = stat.read_text().rsplit(")", 1)[1].split()
            children.setdefault(int(parts[1]), []).append(int(stat.parent.name))
        except (OSError, IndexError, ValueError):
            continue
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(children.get(p, []))
    return out


class CpuMeter:
    """CPU seconds used by each process of a stack (its pid files in the run folder)."""

    def __init__(self, rundir: pathlib.Path | None) -> None:
        self.pids = {}
        if rundir is not None:
            for f in sorted(rundir.glob("*.pid")):
                try:
                    self.pids[f.stem] = int(f.read_text())
                except ValueError:
                    continue

    def sample(self) -> dict[str, int]:
        return {name: sum(_cpu_ticks(p) for p in _tree(pid)) for name, pid in self.pids.items()}

    @staticmethod
    def per_message_ms(before: dict[str, int], after: dict[str, int], messages: int) -> dict[str, float]:
        return {name: (after.get(name, 0) - before[name]) * 1000 / TICK / max(1, messages)
                for name in before if after.get(name, 0) - before[name] > 0}


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


async def drive(url: str, users: int, rounds: int, think: float,
                meter: "CpuMeter | None" = None, quiet: bool = False) -> dict:
    latencies: list[float] = []
    errors: list[str] = []
    async with aiohttp.ClientSession() as session:
        # one warm-up conversation so first-call costs are not measured
        await conversation(session, url, f"bench-warmup-{time.time_ns()}", [], [])
        before = meter.sample() if meter else {}
        start = time.perf_counter()
        for r in range(rounds):
            await asyncio.gather(*(conversation(session, url, f"bench-{r}-{i}-{time.time_ns()}",
                                                latencies, errors, think) for i in range(users)))
        elapsed = time.perf_counter() - start
        cpu = CpuMeter.per_message_ms(before, meter.sample(), len(latencies)) if meter else {}
    result = {"users": users, "think": think, "turns": len(latencies), "errors": len(errors),
              "p50": statistics.median(latencies) if latencies else float("nan"),
              "p95": percentile(latencies, 0.95) if latencies else float("nan"),
              "max": max(latencies) if latencies else float("nan"),
              "rate": len(latencies) / elapsed if elapsed else 0.0, "cpu": cpu}
    if quiet:
        return result
    print(f"conversations: {users} concurrent x {rounds} round(s), {len(SCRIPT)} turns each, "
          f"think time {think:g} s")
    print(f"turns measured: {len(latencies)}, errors: {len(errors)}")
    if latencies:
        print(f"per-turn latency ms: p50 {result['p50']:.0f}  p95 {result['p95']:.0f}  max {result['max']:.0f}")
        print(f"throughput: {result['rate']:.1f} messages/s")
    if cpu:
        print("CPU ms per message: " + "  ".join(f"{k} {v:.1f}" for k, v in sorted(cpu.items()))
              + f"  (total {sum(cpu.values()):.1f})")
    for error in errors[:5]:
        print("  error:", error)
    return result


async def max_users(url: str, limit_ms: float = 250.0, top: int = 40) -> int:
    """The most back-to-back users (one round each) whose p95 per turn stays under limit_ms."""
    best, users = 0, 2
    while users <= top:
        result = await drive(url, users, 1, 0.0, quiet=True)
        if result["errors"] or not result["p95"] < limit_ms:
            break
        best, users = users, users + (2 if users < 10 else 4)
    return best


def wait_for(url: str, seconds: int) -> None:
    for _ in range(seconds):
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except Exception:
            time.sleep(1)
    raise SystemExit(f"not up after {seconds} s: {url}")


@contextlib.contextmanager
def running_stack(url: str | None, replicas: int = 0):
    """(base URL, run folder) of the server to talk to: `url` when given, else a real stack
    started on loopback with its own ports and databases, stopped afterwards: `make run`
    (replicas 0) or `make run-cluster` with that many Rasa replicas behind HAProxy."""
    if url:
        yield url, None
        return
    port = os.environ.get("BENCH_PORT", "5095")
    tmp = pathlib.Path(tempfile.mkdtemp(prefix="nietpluis-bench-"))
    os.chmod(tmp, 0o711)  # PostgreSQL runs as another user when this runs as root
    rundir = tmp / "run"
    env = dict(os.environ, RASA_PORT=port, ACTION_PORT=os.environ.get("BENCH_ACTION_PORT", "5096"),
               NIETPLUIS_DEVMAIL_PORT="8095", WEB_PORT="0", NIETPLUIS_RUN_DIR=str(rundir),
               NIETPLUIS_LOG_DIR=str(tmp / "log"), NIETPLUIS_DEVMAIL_DIR=str(tmp / "mail"), LOG_LEVEL="INFO")
    for name in ("ACTION_ENDPOINT_URL", "REDIS_URL", "TRACKER_DB_URL", "CORS_ORIGINS"):
        env.pop(name, None)
    if replicas:
        shm = "/dev/shm" if os.access("/dev/shm", os.W_OK) else None
        env.update(REPLICAS=str(replicas), REPLICA_BASE_PORT="5191", REDIS_PORT="6391", PG_PORT="5434",
                   NIETPLUIS_PG_DIR=str(tmp / "pg"),
                   NIETPLUIS_REDIS_DIR=tempfile.mkdtemp(prefix="nietpluis-bench-redis-", dir=shm))
        command = ["bash", "scripts/run_cluster.sh"]
    else:
        env.update(TRACKER_DB=str(tmp / "trackers.db"), DATABASE_URL=f"sqlite:///{tmp / 'reports.db'}")
        command = ["bash", "scripts/run.sh"]
    stack = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(base + "/webhooks/rest/", 600)
        time.sleep(2)  # every pid file written
        yield base, rundir
    finally:
        os.killpg(stack.pid, 15)
        stack.wait(timeout=120)
        shutil.rmtree(tmp, ignore_errors=True)
        if replicas:
            shutil.rmtree(env["NIETPLUIS_REDIS_DIR"], ignore_errors=True)


def measure(label: str, base: str, rundir: pathlib.Path | None, args: argparse.Namespace) -> dict:
    print(f"== {label}")
    meter = CpuMeter(rundir)
    runs = [asyncio.run(drive(base + "/webhooks/rest/webhook", args.users, args.rounds, think, meter))
            for think in args.think]
    best = asyncio.run(max_users(base + "/webhooks/rest/webhook"))
    print(f"most back-to-back users with p95 < 250 ms: {best}\n")
    return {"label": label, "runs": runs, "max_users": best}


def table(results: list[dict]) -> None:
    print("== side by side (one run of this script)")
    print(f"{'setup':<22}{'think s':>8}{'p50':>7}{'p95':>7}{'max':>7}{'msg/s':>8}"
          f"{'Rasa CPU':>10}{'actions':>9}{'total CPU':>11}{'users<250':>11}")
    for r in results:
        for run in r["runs"]:
            cpu = run["cpu"]
            rasa = sum(v for k, v in cpu.items() if k.startswith("rasa"))
            print(f"{r['label']:<22}{run['think']:>8g}{run['p50']:>7.0f}{run['p95']:>7.0f}{run['max']:>7.0f}"
                  f"{run['rate']:>8.1f}{rasa:>10.1f}{cpu.get('actions', 0):>9.1f}{sum(cpu.values()):>11.1f}"
                  f"{r['max_users']:>11}")
    print("(latency in ms per turn; CPU in ms per message, summed over the processes of the setup)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", help="an already running Rasa server, e.g. http://127.0.0.1:5005")
    parser.add_argument("--users", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--think", type=float, nargs="+", default=[0.0, 2.0],
                        help="one run per value: seconds each user waits before the next message "
                             "(0: back to back, the worst case; 2: people reading and typing)")
    parser.add_argument("--cluster", action="store_true",
                        help="also `make run-cluster` for each --replicas, after the single process")
    parser.add_argument("--replicas", type=int, nargs="+", default=[1, 2, 4])
    args = parser.parse_args()
    if args.url:
        with running_stack(args.url) as (base, _):
            for think in args.think:
                asyncio.run(drive(base + "/webhooks/rest/webhook", args.users, args.rounds, think))
                print()
        return 0
    results = []
    with running_stack(None) as (base, rundir):
        results.append(measure("single process", base, rundir, args))
    if args.cluster:
        for n in args.replicas:
            with running_stack(None, replicas=n) as (base, rundir):
                results.append(measure(f"cluster, {n} replica(s)", base, rundir, args))
    table(results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
