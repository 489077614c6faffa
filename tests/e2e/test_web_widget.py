"""The web widget in a real browser (Debian's Chromium through Playwright) on the demo
municipal page that `make run` serves, against the real Rasa server and action server.

What a citizen on a gemeente's website meets: the welcome with 112 without typing, a whole
report with the quick-reply buttons, the conversation kept across a reload but not in a new
tab, "Snel weg" by button and by Shift three times (and Back does not return), a strict CSP,
text never rendered as HTML, no serious accessibility violation (axe-core, inside the shadow
root), a 360 px phone screen without sideways scrolling, and a visible state when the server
cannot be reached.
"""
from __future__ import annotations

import json
import sqlite3
import re
import urllib.request

import pytest

from bot.config import ROOT

pytestmark = [pytest.mark.rasa_server, pytest.mark.browser, pytest.mark.slow]

EXIT_URL = "https://www.buienradar.nl/"  # the demo page's default neutral page, stubbed offline
AXE = ROOT / "web/node_modules/axe-core/axe.min.js"
REPLY_MS = 60_000


@pytest.fixture
def context(context):
    """Every test's browser tab: the neutral exit page answered locally (no internet here)."""
    context.route(f"{EXIT_URL}**", lambda route: route.fulfill(
        status=200, content_type="text/html", body="<!doctype html><title>Weer</title><h1>Het weer</h1>"))
    return context


class Widget:
    """The widget on a page, read and driven as a user would (Playwright's CSS locators see
    into its open shadow root)."""

    def __init__(self, page):
        self.page = page
        self.host = page.locator("niet-pluis-chat")

    def open(self, url: str) -> "Widget":
        self.page.goto(url)
        self.wait_for_bot(0)
        return self

    def bot_count(self) -> int:
        return self.page.locator("niet-pluis-chat .msg.bot").count()

    def bot_texts(self) -> list[str]:
        return [t.removeprefix("Niet-pluis:").strip()
                for t in self.page.locator("niet-pluis-chat .msg.bot").all_text_contents()]

    def all_texts(self) -> list[str]:
        return self.page.locator("niet-pluis-chat .msg").all_text_contents()

    def wait_for_bot(self, before: int) -> None:
        """Until the widget shows more bot messages than `before` and is not waiting."""
        self.page.wait_for_function(
            """(before) => { const r = document.querySelector('niet-pluis-chat')?.shadowRoot;
                 return r && r.querySelectorAll('.msg.bot').length > before && r.querySelector('.typing').hidden; }""",
            arg=before, timeout=REPLY_MS)

    def type(self, text: str) -> list[str]:
        before = self.bot_count()
        box = self.page.locator("niet-pluis-chat textarea")
        box.fill(text)
        box.press("Enter")
        self.wait_for_bot(before)
        return self.bot_texts()[before:]

    def choices(self) -> list[str]:
        return self.page.locator("niet-pluis-chat .choice").all_text_contents()

    def press(self, title_start: str) -> list[str]:
        before = self.bot_count()
        # new buttons take a click after a moment (a double click must not answer the next question)
        self.page.locator("niet-pluis-chat .choices[data-ready]").wait_for()
        self.page.locator("niet-pluis-chat .choice", has_text=title_start).first.click()
        self.wait_for_bot(before)
        return self.bot_texts()[before:]

    def sender(self) -> str:
        return json.loads(self.page.evaluate("sessionStorage.getItem('niet-pluis-chat')"))["sender"]


def test_the_welcome_with_112_appears_without_typing(stack, page):
    widget = Widget(page).open(stack["web"] + "/")
    texts = widget.bot_texts()
    assert any("112" in t for t in texts), texts
    assert texts[0].startswith("Hoi, ik ben Niet-pluis")
    assert not any("leeg bericht" in t or "begrijp ik niet" in t for t in texts), texts
    assert not page.locator("niet-pluis-chat .msg.user").count()  # nothing was sent in the user's name
    # nothing kept outside this tab: no cookie, nothing in localStorage
    assert page.context.cookies() == []
    assert page.evaluate("localStorage.length") == 0


def answer_until_summary(widget: Widget, answers: dict[str, str], limit: int = 10) -> list[str]:
    """Answer what the intake asks, typing or pressing a quick-reply button, until the summary."""
    replies = widget.bot_texts()
    for _ in range(limit):
        if any("Dit heb ik genoteerd" in r for r in replies):
            return replies
        question = replies[-1]
        key = next((k for k in answers if k in question), None)
        if key is None:
            assert "Weet ik niet" in widget.choices(), (question, widget.choices())
            replies = widget.press("Weet ik niet")
        elif answers[key] in widget.choices():
            replies = widget.press(answers[key])
        else:
            replies = widget.type(answers[key])
    raise AssertionError(f"no summary after {limit} answers: {replies}")


def test_a_whole_report_with_the_quick_reply_buttons(stack, page):
    widget = Widget(page).open(stack["web"] + "/")
    replies = widget.type("In de nagelstudio in Arnhem slapen drie jonge vrouwen boven de zaak. Ze werken "
                          "van 8 tot 22 uur en een man neemt hun geld af.")
    assert any("Arnhem" in r for r in replies), replies
    summary = answer_until_summary(widget, {
        "Om hoeveel mensen": "Drie vrouwen, rond de twintig",
        "Sinds wanneer": "Sinds een paar maanden, elke dag",
        "burger of voor je werk": "Voor mijn werk bij de gemeente",  # the municipal route
    })
    assert "Ja, dit klopt" in widget.choices(), summary
    consent = widget.press("Ja, dit klopt")
    # Arnhem's aandachtsfunctionaris has an address: the consent question offers to send
    sending = [c for c in widget.choices() if c.startswith(("Ja, stuur", "Versturen naar"))]
    assert sending, (consent, widget.choices())
    done = widget.press(sending[0])
    assert any(re.search(r"code", t, re.I) for t in done), done
    # the buttons were real buttons, and the pressed ones are gone
    assert page.locator("niet-pluis-chat button.choice", has_text="Ja, dit klopt").count() == 0
    assert "Jij: Ja, dit klopt" in widget.all_texts()  # shown as the user's answer
    # a professional gets the formal summary as a file made in the browser
    code = re.search(r"\b([A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4})\b", " ".join(done))
    button = page.locator("niet-pluis-chat button.download")
    assert button.count() == 1, done
    with page.expect_download() as info:
        button.click()
    download = info.value
    assert download.suggested_filename.endswith(".html")
    html = open(download.path(), encoding="utf-8").read()
    assert "<html" in html and "mogelijk" in html.lower()
    assert code, done
    assert code.group(1) in html and code.group(1) in download.suggested_filename
    assert "nagelstudio" in html.lower() or "nagel" in html.lower()
    # the stored conversation keeps only the file's name, not the document
    with sqlite3.connect(stack["tmp"] / "trackers.db") as db:
        stored = " ".join(row[0] for row in db.execute("SELECT data FROM events"))
    assert download.suggested_filename in stored and "<html" not in stored


def test_a_reload_keeps_the_conversation_and_a_new_tab_does_not(stack, page):
    widget = Widget(page).open(stack["web"] + "/")
    widget.type("Op de camping wonen twaalf mannen in één caravan.")
    before = widget.all_texts()
    page.reload()
    Widget(page).wait_for_bot(0)
    page.wait_for_timeout(1500)  # a second welcome would have come by now
    assert Widget(page).all_texts() == before
    other = page.context.new_page()
    fresh = Widget(other).open(stack["web"] + "/")
    assert not any("camping" in t for t in fresh.all_texts())
    assert fresh.sender() != widget.sender()


def _events_of(stack, sender: str) -> list[dict]:
    url = (f"{stack['base']}/conversations/{sender}/tracker?token={stack['token']}&include_events=ALL")
    with urllib.request.urlopen(url, timeout=60) as resp:
        return json.load(resp).get("events") or []


def test_snel_weg_button_blanks_forgets_and_leaves_without_a_way_back(stack, page):
    page.goto(stack["web"] + "/veilig-internetten")  # where the user came from
    widget = Widget(page).open(stack["web"] + "/")
    widget.type("Mijn buurmeisje van 15 wordt elke avond door een oudere man opgehaald.")
    sender = widget.sender()
    assert any(e.get("event") == "user" for e in _events_of(stack, sender))
    page.locator("niet-pluis-chat button.exit").click()
    page.wait_for_url(EXIT_URL)
    page.go_back()
    page.wait_for_load_state()
    assert page.url.endswith("/veilig-internetten"), page.url  # Back skips the conversation
    assert page.evaluate("sessionStorage.getItem('niet-pluis-chat')") is None
    page.wait_for_timeout(500)
    assert not any(e.get("event") == "user" for e in _events_of(stack, sender)), "the server still has it"


def test_three_times_shift_leaves_but_a_capital_letter_does_not_count(stack, page):
    widget = Widget(page).open(stack["web"] + "/")
    box = page.locator("niet-pluis-chat textarea")
    box.focus()
    page.keyboard.press("Shift")
    status = page.locator("niet-pluis-chat .head .status")
    assert "nog 2 keer" in status.text_content()
    page.keyboard.press("Shift+A")  # typing a capital: the count starts again
    page.keyboard.press("Shift")
    assert "nog 2 keer" in status.text_content()
    page.keyboard.press("Shift")
    assert "nog 1 keer" in status.text_content()
    page.keyboard.press("Shift")
    page.wait_for_url(EXIT_URL)
    assert page.evaluate("sessionStorage.getItem('niet-pluis-chat')") is None


def test_the_page_works_under_a_strict_content_security_policy(stack, page):
    page.add_init_script("window.__violations = [];"
                         "document.addEventListener('securitypolicyviolation',"
                         " e => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));")
    response = page.goto(stack["web"] + "/")
    csp = response.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "style-src 'self'" in csp and "unsafe" not in csp
    widget = Widget(page)
    widget.wait_for_bot(0)
    widget.type("Er wonen veel mannen in een klein huis.")
    # the widget's styles apply (a constructable stylesheet, not an inline style)
    assert page.locator("niet-pluis-chat button.exit").evaluate(
        "b => getComputedStyle(b).backgroundColor") == "rgb(164, 35, 27)"
    assert page.evaluate("window.__violations") == []


def test_html_and_script_are_shown_as_text(stack, page):
    widget = Widget(page).open(stack["web"] + "/")
    attack = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script><b>vet</b>'
    widget.type(attack)
    assert page.evaluate("window.__xss") is None
    root = "document.querySelector('niet-pluis-chat').shadowRoot"
    assert page.evaluate(f"{root}.querySelectorAll('img, script, b').length") == 0
    assert any(attack in t for t in widget.all_texts())


def test_axe_finds_no_serious_or_critical_violations_inside_the_widget(stack, browser):
    # axe is injected as a script: this tab lets it past the page's CSP (the page itself is
    # tested under the CSP above)
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    widget = Widget(page).open(stack["web"] + "/")
    widget.type("Er wonen veel mannen in een klein huis boven de winkel.")
    assert widget.choices()  # quick replies on screen are scanned too
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    serious = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
               for v in result["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == []
    # the scan did look inside the shadow root
    assert any("niet-pluis-chat" in json.dumps(n["target"]) for r in result["passes"] for n in r["nodes"])
    context.close()


def test_a_360_px_phone_screen_has_no_sideways_scrolling(stack, browser):
    context = browser.new_context(viewport={"width": 360, "height": 640}, is_mobile=True, has_touch=True)
    page = context.new_page()
    widget = Widget(page).open(stack["web"] + "/")
    widget.type("Zie https://www.voorbeeld-van-een-heel-lange-advertentie-url.nl/erotische-massage/"
                "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    panel = page.locator("niet-pluis-chat .panel").bounding_box()
    for part in ("button.send", "button.exit", "textarea"):
        box = page.locator(f"niet-pluis-chat {part}").bounding_box()
        assert box["x"] >= panel["x"] and box["x"] + box["width"] <= panel["x"] + panel["width"], part
    # scrolled down to the text box, Snel weg is still on screen
    page.locator("niet-pluis-chat textarea").scroll_into_view_if_needed()
    exit_box = page.locator("niet-pluis-chat button.exit").bounding_box()
    assert 0 <= exit_box["y"] and exit_box["y"] + exit_box["height"] <= 640
    # no iOS zoom: the text box is at least 16 px
    assert float(page.locator("niet-pluis-chat textarea").evaluate(
        "t => parseFloat(getComputedStyle(t).fontSize)")) >= 16
    context.close()


def test_keyboard_alone_reaches_the_box_sends_and_presses_a_choice(stack, page):
    widget = Widget(page).open(stack["web"] + "/")
    active = "(() => { const a = document.querySelector('niet-pluis-chat').shadowRoot.activeElement;" \
             " return a ? a.tagName + '.' + a.className : document.activeElement.tagName; })()"
    seen = []
    for _ in range(15):
        page.keyboard.press("Tab")
        seen.append(page.evaluate(active))
        if seen[-1].startswith("TEXTAREA"):
            break
    assert seen[-1].startswith("TEXTAREA"), seen
    assert any(s.startswith("BUTTON.exit") for s in seen), seen  # Snel weg comes first
    before = widget.bot_count()
    page.keyboard.type("Er werken kinderen in de kas tot laat in de avond.")
    page.keyboard.press("Enter")
    widget.wait_for_bot(before)
    assert widget.choices()
    page.locator("niet-pluis-chat .choices[data-ready]").wait_for()
    page.locator("niet-pluis-chat .choice").first.focus()
    before = widget.bot_count()
    page.keyboard.press("Enter")
    widget.wait_for_bot(before)
    # focus stays in the conversation, visible
    assert page.evaluate(active).startswith("TEXTAREA")


def test_an_unreachable_server_shows_it_and_loses_nothing(stack, page):
    page.route("**/webhooks/rest/webhook", lambda route: route.abort("connectionrefused"))
    page.goto(stack["web"] + "/")
    alert = page.locator("niet-pluis-chat [role=alert]")
    alert.wait_for(state="visible", timeout=REPLY_MS)
    assert "niet bereikbaar" in alert.text_content() and "112" in alert.text_content()
    box = page.locator("niet-pluis-chat textarea")
    box.fill("In het hotel zit een meisje met een oudere man.")
    box.press("Enter")
    page.wait_for_timeout(500)
    assert box.input_value() == "In het hotel zit een meisje met een oudere man."  # nothing lost
    page.unroute("**/webhooks/rest/webhook")
    page.locator("niet-pluis-chat button.retry").click()
    widget = Widget(page)
    page.wait_for_function("""() => { const r = document.querySelector('niet-pluis-chat').shadowRoot;
        return Array.from(r.querySelectorAll('.msg.user')).some(m => m.textContent.includes('hotel'))
            && r.querySelector('.typing').hidden; }""", timeout=REPLY_MS)
    assert any("112" in t for t in widget.bot_texts())  # the welcome came after all
    assert alert.is_hidden()
    assert box.input_value() == ""


def test_stop_wipes_the_screen_and_the_tab_storage_too(stack, page):
    """Persona run: after "stop" the assistant said it wiped the conversation, but all of it
    stayed on the phone's screen, also after a reload."""
    widget = Widget(page).open(stack["web"] + "/")
    widget.type("Mijn dochter van 15 moet dit weekend met een vriend van hem naar een hotel.")
    box = page.locator("niet-pluis-chat textarea")
    box.fill("stop")
    box.press("Enter")
    page.wait_for_function("""() => { const r = document.querySelector('niet-pluis-chat').shadowRoot;
        return r.querySelector('.typing').hidden && Array.from(r.querySelectorAll('.msg.bot')).some(m => m.textContent.includes('wis')); }""",
        timeout=REPLY_MS)
    assert not any("dochter" in t for t in widget.all_texts())
    assert "dochter" not in (page.evaluate("sessionStorage.getItem('niet-pluis-chat')") or "")
    page.reload()
    Widget(page).wait_for_bot(0)
    assert not any("dochter" in t for t in Widget(page).all_texts())


def test_snel_weg_in_one_tab_leaves_the_other_tabs_with_the_chat(stack, page):
    Widget(page).open(stack["web"] + "/")
    other = page.context.new_page()
    Widget(other).open(stack["web"] + "/")
    page.locator("niet-pluis-chat button.exit").click()
    page.wait_for_url(EXIT_URL)
    other.wait_for_url(EXIT_URL)


def test_phone_numbers_and_sites_in_the_assistants_texts_are_links(stack, page):
    Widget(page).open(stack["web"] + "/")
    assert page.locator("niet-pluis-chat .msg.bot a[href='tel:112']").count() >= 1
