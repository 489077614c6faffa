"""Talk to the running assistant over REST: `python scripts/say.py SENDER "message" ...`."""
import json
import sys
import urllib.request

PORT = 5005


def say(sender: str, message: str) -> list[dict]:
    body = json.dumps({"sender": sender, "message": message}).encode()
    req = urllib.request.Request(f"http://127.0.0.1:{PORT}/webhooks/rest/webhook", body,
                                 {"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=60) as resp:
        return json.load(resp)


if __name__ == "__main__":
    sender = sys.argv[1]
    for msg in sys.argv[2:]:
        print(f"> {msg}")
        for reply in say(sender, msg):
            buttons = " | ".join(b["title"] for b in reply.get("buttons", []))
            print("  " + reply.get("text", "").replace("\n", "\n  ") + (f"  [{buttons}]" if buttons else ""))
