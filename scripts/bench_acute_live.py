"""Danger now in the running assistant: each case of an evaluation set is sent as the first
message of a new conversation over the REST channel, and the reply is read back.

    .venv/bin/python scripts/bench_acute_live.py [--set blind-test] [--url http://127.0.0.1:5005]

Starts the real stack (action server, Rasa server, on loopback) unless --url is given. Counts a
case as "112 first" when the very first reply is the danger-now text; prints recall and
precision of that against the `acute` label, the misses, and the median reply time. This is
the conversation-level counterpart of `scripts/bench_classify.py` (same sets, same labels).
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
from bench import running_stack  # noqa: E402  (the same stack as the load benchmark)
from bench_classify import SETS, load_cases  # noqa: E402

DANGER_NOW = "Dit klinkt als direct gevaar. Bel nu 112."


def first_reply(base: str, sender: str, text: str) -> tuple[str, float]:
    body = json.dumps({"sender": sender, "message": text}).encode()
    req = urllib.request.Request(base + "/webhooks/rest/webhook", body, {"Content-Type": "application/json"})
    t0 = time.perf_counter()
    with urllib.request.urlopen(req, timeout=120) as resp:
        replies = json.load(resp)
    return (replies[0].get("text") or "") if replies else "", (time.perf_counter() - t0) * 1000


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--set", choices=sorted(SETS), default="blind-test")
    ap.add_argument("--url", help="an already running Rasa server, e.g. http://127.0.0.1:5005")
    args = ap.parse_args()
    with running_stack(args.url) as (base, _rundir):
        cases = load_cases(args.set)
        run = f"{int(time.time())}"
        hits, times, misses, false_alarms = 0, [], [], []
        for case in cases:
            reply, ms = first_reply(base, f"acute-live-{run}-{case['id']}", case["text"])
            times.append(ms)
            said = reply.startswith(DANGER_NOW)
            if case["acute"] and said:
                hits += 1
            elif case["acute"]:
                misses.append(case["id"])
            elif said:
                false_alarms.append(case["id"])
        gold = sum(bool(c["acute"]) for c in cases)
        told = hits + len(false_alarms)
        print(f"set={args.set} cases={len(cases)} acute={gold}  112 first: recall {hits / max(1, gold):.2f}, "
              f"precision {hits / max(1, told):.2f}  first reply median {statistics.median(times):.0f} ms")
        print(f"missed: {', '.join(misses) or '-'}")
        print(f"112 without danger now: {', '.join(false_alarms) or '-'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
