"""scripts/bench_acute_live.py against a stand-in REST channel on loopback: the benchmark
itself runs and counts right (it broke once when the stack helper's yield changed)."""
from __future__ import annotations

import json
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

from bot.config import ROOT

DANGER = "Dit klinkt als direct gevaar. Bel nu 112."


class _Rest(BaseHTTPRequestHandler):
    def do_POST(self):  # noqa: N802 (http.server's name)
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        # "danger now" whenever the message says "nu": some hits, some false alarms
        text = DANGER if " nu " in f" {body['message'].lower()} " else "Hoi, ik ben Niet-pluis."
        data = json.dumps([{"recipient_id": body["sender"], "text": text}]).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


def test_the_live_acute_benchmark_runs_and_counts():
    server = HTTPServer(("127.0.0.1", 0), _Rest)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        out = subprocess.run(
            [sys.executable, str(ROOT / "scripts" / "bench_acute_live.py"), "--set", "heldout",
             "--url", f"http://127.0.0.1:{server.server_address[1]}"],
            capture_output=True, text=True, timeout=300, check=True).stdout
    finally:
        server.shutdown()
    first = out.splitlines()[0]
    assert first.startswith("set=heldout cases=99 acute=10") and "112 first: recall" in first
    cases = [json.loads(line) for line in open(ROOT / "eval" / "classify_heldout.jsonl", encoding="utf-8")]
    said = [c for c in cases if " nu " in f" {c['text'].lower()} "]
    hits = sum(bool(c["acute"]) for c in said)
    assert f"recall {hits / 10:.2f}" in first and f"precision {hits / max(1, len(said)):.2f}" in first
